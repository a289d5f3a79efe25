"""The statistics in long form: one row per figure the read service gives (`Reader.figures`).

Every number here is the read service's (`analytics.read`, with the national report's published-figure
policy), so the package's totals are the national report's. A figure's dimensions become columns shared
by all statistics; a column's cell is
- the code (an HEI id, a country code, a level …) when the figure is restricted to it;
- empty when the figure is summed over that dimension (a statistic's total has every column empty);
- `m` when the figure is the breakdown's "not stated" row (the source did not state the code);
- `a` when the statistic has no such dimension, or when the code is not one of the registry's (a
  country cell naming a consortium, not one country): the printed label is then kept in the note.
A value the year's sources do not hold is `nc` (not collected) for a year held only as imported
tables, else `m`.
"""

from __future__ import annotations

from django.utils import translation

from intlmon.analytics.read import Figure, Reader
from intlmon.analytics.read.figure import json_number
from intlmon.analytics.registry import Source, all_statistics
from intlmon.opendata.codes import FLAG_PATTERN, MISSING, NOT_APPLICABLE, NOT_COLLECTED, join_flags
from intlmon.opendata.flags import FlagRules, only_imported
from intlmon.opendata.table import Table, cell, column, refers
from intlmon.registry.models import Country, FieldOfEducation, Institution, InstitutionCategory, Region

# dimension columns that point at a registry resource: (resource, key)
DIMENSION_TARGETS = {"institution": ("institutions", "id"), "country": ("countries", "code"),
                     "region": ("regions", "code"), "field": ("fields", "code")}
DIMENSION_ENUMS = {"category": InstitutionCategory.Category.choices}


def dimensions() -> list[str]:
    """Every dimension of the registered statistics, in the order they are first declared."""
    seen: dict[str, None] = {}
    for statistic in all_statistics().values():
        for d in statistic.dimensions:
            seen.setdefault(d)
    return list(seen)


def registry_codes() -> dict[str, set[str]]:
    """The codes each registry dimension column may hold (its foreign key's target)."""
    return {"institution": set(Institution.objects.values_list("pk", flat=True)),
            "country": set(Country.objects.values_list("pk", flat=True)),
            "region": set(Region.objects.values_list("pk", flat=True)),
            "field": set(FieldOfEducation.objects.values_list("pk", flat=True))}


def figure_id(figure: Figure) -> str:
    return ":".join([figure.statistic, str(figure.year),
                     *(f"{k}={v}" for k, v in sorted(figure.dimension.items()))])


def definitions() -> Table:
    table = Table(
        "statistic_definitions", "Statistics", "The declared statistics the `statistics` resource gives values of.",
        [column("id", "string", "statistic id", required=True),
         column("title", "string", "title (English)"),
         column("description", "string", "what is counted (English)"),
         column("section", "string", "section of the monitoring the statistic reads"),
         column("unit", "string", "unit of its values"),
         column("dimensions", "string", "dimensions it is broken down by, separated by ';'"),
         column("additive", "boolean", "whether values add up across a dimension (false for ratios)")],
        ["id"])
    with translation.override("en"):
        for s in all_statistics().values():
            table.rows.append([s.id, str(s.title), str(s.description), s.section, s.unit, ";".join(s.dimensions),
                               cell(s.additive)])
    return table


def statistics(year: int, reader: Reader) -> Table:
    dims = dimensions()
    dim_columns = []
    for d in dims:
        text = f"the figure's {d}: code, empty when summed over, m not stated, a not a dimension of the statistic"
        if d in DIMENSION_TARGETS:
            text += f" (code in {DIMENSION_TARGETS[d][0]})"
        dim_columns.append(column(d, "string", text, **({"enum": DIMENSION_ENUMS[d]} if d in DIMENSION_ENUMS else {})))
    table = Table(
        "statistics", "Statistics in long form",
        "Every figure of every declared statistic for the year, as the read service gives it to the national report.",
        [column("figure_id", "string", "statistic:year[:dimension=code…], unique", required=True),
         column("statistic", "string", "statistic id (see statistic_definitions)", required=True),
         column("year", "integer", "reporting year", required=True),
         *dim_columns,
         column("value", "number", "the figure; nc not collected, m missing"),
         column("unit", "string", "unit of the value"),
         column("source", "string", "records: computed from the counted records; published: a figure as "
                "printed in the published report", enum=[(s.value, s.value) for s in Source]),
         column("flag", "string", "flags, space-separated: b break in series, d definition differs, "
                "p provisional, r remark, ic inconsistent", constraints={"pattern": FLAG_PATTERN}),
         column("note", "string", "a code that is not the registry's (e.g. a consortium); which printed line a "
                "published figure is, or the differing published headline")],
        ["figure_id"],
        foreign_keys=[refers("statistic", "statistic_definitions", "id"),
                      *[refers(d, *DIMENSION_TARGETS[d]) for d in dims if d in DIMENSION_TARGETS]])
    rules = FlagRules.for_year(year)
    known = registry_codes()
    absent = NOT_COLLECTED if only_imported(year) else MISSING
    for stat_id, statistic in all_statistics().items():
        for f in reader.figures(stat_id, year):
            codes, notes = [], []
            for d in dims:
                if d not in statistic.dimensions:
                    codes.append(NOT_APPLICABLE)
                elif d not in f.dimension:
                    codes.append("")
                elif d in known and f.dimension[d] and f.dimension[d] not in known[d]:
                    codes.append(NOT_APPLICABLE)
                    notes.append(f"{d}: {f.dimension[d]}")
                else:
                    codes.append(f.dimension[d] or MISSING)
            value = absent if f.value is None else cell(json_number(f.value))
            note = "; ".join([*notes, f.note] if f.note else notes)
            table.rows.append([figure_id(f), stat_id, f.year, *codes, value, f.unit,
                               "" if f.source is None else str(f.source), join_flags(rules.of(f)), note])
    return table
