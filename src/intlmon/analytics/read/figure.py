"""One JSON shape for every figure, whoever reads it: the reports, the audit, `intlmon stats`, later
the portal and the API.

A figure is one number of one statistic for one year, restricted to a dimension (empty: the whole),
with its unit and where it came from: `records` (the counted submissions) or `published` (a figure
as printed, for years before the system), and the note that says which printed line it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from intlmon.analytics.registry import Source

Number = int | Decimal


@dataclass(frozen=True)
class Figure:
    statistic: str
    year: int
    value: Number | None  # None: the statistic says nothing for this dimension and year
    unit: str
    dimension: dict[str, str] = field(default_factory=dict)
    source: Source | None = None
    note: str = ""

    def as_json(self) -> dict:
        """The shape served everywhere: numbers stay numbers (a whole Decimal becomes an int)."""
        return {
            "statistic": self.statistic,
            "year": self.year,
            "dimension": dict(self.dimension),
            "value": json_number(self.value),
            "unit": self.unit,
            "source": None if self.source is None else str(self.source),
            "note": self.note,
        }


def json_number(value: Number | None) -> int | float | None:
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)
