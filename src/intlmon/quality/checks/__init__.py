"""Every check module; importing this package fills `intlmon.quality.registry.CHECKS`."""

from intlmon.quality.checks import duplicates, programmes, published_sums  # noqa: F401
