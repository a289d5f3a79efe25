"""The records a figure is made of: the counted rows of its statistic for the year, restricted to the
figure's dimension codes, each with its HEI and submission version.

The statistic's own declaration says which model, condition and columns it groups
(`analytics.statistics.base.declare`: the closure of `Statistic.records`), so the drill-down filters the
same rows the aggregate query grouped — never a second definition of a statistic. Derived dimensions
are filtered through the same maps the statistics use (`category_map`, `region_map`); a multi-valued
column (directions, languages) keeps a row whose list holds the code. `measure` adds the rows up the
way the statistic does (rows, a column's sum, distinct values), and the drill-down test checks that
this equals the figure the read service gives.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce

from intlmon.analytics.registry import all_statistics
from intlmon.analytics.scope import current
from intlmon.analytics.statistics.base import COLUMNS, COUNT, MULTI_VALUED, _explode, category_map, region_map

LIMIT = 500  # rows listed on a page; the sum is over all of them


@dataclass
class Drill:
    rows: list  # model instances (institution and submission selected)
    total: int  # the figure as the rows add up to it
    measure: str  # "count" | "sum" | "distinct"
    column: str  # the column summed or counted distinct ("id" for a count)
    count: int  # how many rows in all

    def amount(self, row):
        """What one row adds: 1 for a count, its column for a sum, the value counted for distinct."""
        if self.measure == "count":
            return 1
        attr = "_country" if self.column == "country_id" and hasattr(row, "_country") else self.column
        return getattr(row, attr)


#: the columns that say what a record is on a public page: resolved codes and titles, never the `*_raw`
#: text as typed (it can hold a person's name or an e-mail address: the open-data package's rule)
DESCRIBING = ("title", "name", "programme_code", "kind", "level", "database")


def describe(row, country_name) -> str:
    """A record in a few words for the list: its title or name, codes, and its partner country's name."""
    parts = [str(getattr(row, c)) for c in DESCRIBING if getattr(row, c, "") not in ("", None)]
    country = getattr(row, "_country", None) or getattr(row, "country_id", None)
    if country:
        parts.append(country_name(country))
    return "; ".join(dict.fromkeys(parts)) or f"#{row.pk}"


def declaration(stat_id: str) -> dict | None:
    """model, dimensions, measure, condition and columns of a statistic computed from records."""
    stat = all_statistics()[stat_id]
    if stat.records is None:
        return None
    found = inspect.getclosurevars(stat.records).nonlocals
    return found if "model" in found else None


def records(stat_id: str, year: int, where: dict[str, str]) -> Drill | None:
    """The counted rows behind the figure of `stat_id` for `year` restricted to `where`; None when
    the statistic is not computed from records (a ratio, the summary)."""
    decl = declaration(stat_id)
    if decl is None:
        return None
    model, measure = decl["model"], decl.get("measure", COUNT)
    columns = {d: (decl.get("columns") or {}).get(d, COLUMNS.get(d, d)) for d in where}
    qs = current(model, year).select_related("institution", "submission")
    if decl.get("condition") is not None:
        qs = qs.filter(decl["condition"])
    has_partner = any(f.name == "partner" for f in model._meta.get_fields())
    country_col = "country_id"
    if has_partner:
        qs = qs.annotate(_country=Coalesce("country_id", "partner__country_id"))
        country_col = "_country"
    multi: dict[str, str] = {}
    for dim, code in where.items():
        col = columns[dim]
        if col == "country_id":
            col = country_col
        if col in MULTI_VALUED:
            multi[col] = code
        elif dim == "category":
            ids = set(qs.values_list("institution_id", flat=True))
            mapping = category_map(year, ids)
            qs = qs.filter(institution_id__in=[i for i in ids if mapping.get(i, "") == code])
        elif dim == "region":
            countries = [c for c, r in region_map(year).items() if r == code]
            qs = qs.filter(**{f"{col}__in": countries}) if code else qs.exclude(**{f"{col}__in": list(region_map(year))})
        elif code == "":
            qs = qs.filter(Q(**{f"{col}__isnull": True}) | Q(**{col: ""})) if not col.endswith("_id") and col != "_country" \
                else qs.filter(**{f"{col}__isnull": True})
        else:
            qs = qs.filter(**{col: code})
    rows = list(qs.order_by("institution_id", "source_sheet", "source_row", "pk"))
    if multi:
        rows = [r for r in rows if all(code in _explode(getattr(r, col)) for col, code in multi.items())]
    column = measure.column if measure.kind != "count" else "id"
    if measure.kind == "sum":
        total = sum(getattr(r, column) or 0 for r in rows)
    elif measure.kind == "distinct":
        attr = "_country" if column == "country_id" and has_partner else column
        total = len({getattr(r, attr) for r in rows if getattr(r, attr) not in (None, "")})
    else:
        total = len(rows)
    return Drill(rows=rows[:LIMIT], total=total, measure=measure.kind, column=column, count=len(rows))
