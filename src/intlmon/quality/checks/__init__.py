"""Every check module; importing this package fills `intlmon.quality.registry.CHECKS`."""

from intlmon.quality.checks import (  # noqa: F401
    claims,
    classification,
    credibility,
    duplicates,
    programmes,
    published_sums,
    stated,
)
