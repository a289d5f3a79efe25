"""What a bilateral source states in its own text, read as published figures for the country note.

The France note of 2022 (`000_*.txt`) states figures that no record carries: 84 agreements signed by
27 HEIs, 3 degree-seeking students, "4 DDP are in English", 101 outbound students of whom 28 are
listed under names no HEI answers to ("AIMU", "MUA"), and breakdowns of the 25 visiting specialists
by format, HEI category, degree and field. The import keeps each as a `PublishedFigure` that names
the registered statistic it states (`quantity`, e.g. `visiting_faculty`) and that statistic's codes
(`quantity_dimension`, e.g. {"country": "FR", "funding": "extra_budgetary"}), with its source line —
the one place that says what a printed label means is the importer (`collection.legacy_france.STATED`).

This module reads them through the read service (`Reader.stated`) for one country and year and names the sentences of the note they belong
to (`QUANTITIES`); nothing is computed. A figure printed twice (in the text and as a table total)
is one figure with both lines; list items whose name resolved to no HEI stay apart by their printed
name. The note compares them with what the records add up to (through the read service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from intlmon.analytics.registry import Value

# the note's sentences → the statistics (first match wins) and fixed codes of what they state
QUANTITIES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "outbound_students": (("mobility_by_country", "mobility_by_institution"), {"direction": "outbound", "person": "student"}),
    "inbound_students": (("mobility_by_country", "mobility_by_institution", "mobility_by_partner", "mobility_by_field"),
                         {"direction": "inbound", "person": "student"}),
    "outbound_staff": (("mobility_by_country", "mobility_by_institution"), {"direction": "outbound", "person": "staff"}),
    "inbound_staff": (("mobility_by_country", "mobility_by_institution"), {"direction": "inbound", "person": "staff"}),
    "degree_students": (("international_students",), {}),
    "visiting": (("visiting_faculty", "visiting_faculty_by_field"), {}),
    "visiting_institutions": (("institutions_with_visiting_faculty",), {}),
    "agreements": (("agreements_by_country",), {}),
    "agreement_institutions": (("institutions_with_agreements",), {}),
    "projects": (("projects_by_country",), {}),
    "project_institutions": (("institutions_with_projects",), {}),
    "ddp": (("double_degree_programmes", "double_degree_programmes_by_language"), {}),
    "ddp_enrolment": (("double_degree_programmes_enrolment",), {}),
    "ddp_institutions": (("institutions_with_double_degree_programmes",), {}),
}

# Degrees as the France note names them (lines 39–41; the import keeps the printed words as codes).
DEGREES = {
    "PhD": _("PhD"),
    "Doctor of Sciences": _("Doctor of Sciences"),
    "Master of Sciences": _("Master of Sciences"),
}
# The French students' specialties (line 9), which the source gives in words, not as field codes.
SPECIALTIES = {
    "International Relations": _("International Relations"),
    "Management": _("Management"),
}

SOURCE_LINE = re.compile(r"seed (?P<document>\S+) line (?P<line>\d+)")


@dataclass(frozen=True)
class Citation:
    """Where a stated figure is printed: the source document and its line numbers."""

    document: str
    lines: tuple[int, ...]

    @classmethod
    def of(cls, *values: Value) -> Citation | None:
        found = [m for v in values for m in SOURCE_LINE.finditer(v.note)]
        if not found:
            return None
        return cls(found[0]["document"], tuple(sorted({int(m["line"]) for m in found})))

    def lines_text(self) -> str:
        """'31', '34–37', '5, 9': consecutive lines as a range."""
        runs: list[list[int]] = []
        for n in self.lines:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def stated_values(country: str, year: int, reader=None) -> list[Value]:
    """The published figures of `year` that state a registered statistic for `country`.

    Read through the read service (`Reader.stated`). Each is a `Value` whose dimension is
    {"statistic": id, **codes} (plus "name", the printed name, where a code could not be resolved) and
    whose note is the figure's source ("seed … line N; …").
    """
    from intlmon.analytics.read import Reader

    reader = reader if reader is not None else Reader(year)
    return [Value({"statistic": f.statistic, **f.dimension}, f.value, f.source, f.note)
            for f in reader.stated(year, country=country)]


class StatedFigures:
    """The figures a bilateral source states about one country and year, by the note's quantities."""

    def __init__(self, country: str, year: int, reader=None):
        self.country = country
        self.values = stated_values(country, year, reader)

    def _base(self, quantity: str, where: dict[str, str] | None) -> tuple[tuple[str, ...], dict[str, str]]:
        statistics, fixed = QUANTITIES[quantity]
        return statistics, {"country": self.country, **fixed, **(where or {})}

    def get(self, quantity: str) -> Value | None:
        """The stated headline of a quantity (no breakdown)."""
        statistics, base = self._base(quantity, None)
        for statistic in statistics:
            for v in self.values:
                if v.dimension == {"statistic": statistic, **base}:
                    return v
        return None

    def by(self, quantity: str, dim: str, where: dict[str, str] | None = None) -> list[Value]:
        """The stated values of a quantity by one dimension, largest first (printed names included)."""
        statistics, base = self._base(quantity, where)
        for statistic in statistics:
            rows = [v for v in self.values if v.dimension.get("statistic") == statistic
                    and set(v.dimension) - {"statistic", "name"} == set(base) | {dim}
                    and all(v.dimension.get(k) == c for k, c in base.items())]
            if rows:
                return sorted(rows, key=lambda v: (-v.value, v.dimension[dim], v.dimension.get("name", "")))
        return []
