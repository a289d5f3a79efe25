"""The declared statistics, one module per section of the monitoring; importing registers them."""

from intlmon.analytics.statistics import (  # noqa: F401
    agreements,
    mobility,
    presences,
    programmes,
    projects,
    publications,
    summary,
)
