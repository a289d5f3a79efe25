"""The declared statistics, one module per section of the monitoring; importing registers them."""

from intlmon.analytics.statistics import programmes  # noqa: F401
