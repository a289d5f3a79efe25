"""One pass over a section table for all of its statistics (issue 17: the whole set in milliseconds).

Each statistic computed from records is one grouped query (`base.Plan`: the columns it groups by, what
it adds up, its condition). Run one by one, the mobility table of a year was read four times, the
agreements table six times, and so on: some forty scans of the year's records for the whole set. Within
one `compute_all` run or read `session()` the first statistic of a section asks for every plan of that
section at once, and this module answers them all from one query:

- PostgreSQL: `GROUP BY GROUPING SETS ((the columns of plan 1), (those of plan 2), …)` over the counted
  rows — one scan, one hash table per set; `GROUPING(…)` says which set an output row belongs to;
- SQLite (no grouping sets): the counted rows as one `WITH` table, grouped once per set (`UNION ALL`).

A plan's condition becomes a flag column of the rows (`CASE WHEN condition …`): its count `_n<i>` and
its measure `_v<i>` add up only the rows where it holds, and a group where it never holds is dropped —
exactly the groups that `WHERE condition … GROUP BY` returned, with the same values, so the statistics
do not change (the benchmark's `--dump` and `tests/analytics/test_passes.py` compare both ways).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.functions import Coalesce

from intlmon.analytics.scope import current_unnested


def fetch(model, plans: Sequence, year: int) -> list[list[dict]]:
    """The grouped rows of each plan (same order), as `values(*plan.group).annotate(_v=…)` gives them."""
    qs = current_unnested(model, year)
    if any(p.partner for p in plans):
        qs = qs.annotate(_country=Coalesce("country_id", "partner__country_id"))
    conditions = list(dict.fromkeys(str(p.where) for p in plans if p.where is not None))
    flags = {f"_w{conditions.index(str(p.where))}": ExpressionWrapper(p.where, output_field=BooleanField())
             for p in plans if p.where is not None}
    sets = list(dict.fromkeys(p.group for p in plans))  # plans grouping alike share one set
    group_cols = sorted({c for s in sets for c in s})
    summed = sorted({p.measure.column for p in plans if p.measure.kind == "sum"})
    try:
        inner, params = (qs.annotate(**flags).values(*sorted(set(group_cols) | set(summed)), *sorted(flags))
                         .order_by().query.sql_with_params())
    except EmptyResultSet:  # no version counts this year: each plan's own query says what that gives
        from intlmon.analytics.statistics.base import _query

        return [_query(p, year) for p in plans]
    q = connection.ops.quote_name

    # the aggregates: how many rows (where each condition holds) and each summed column (likewise),
    # each computed once however many plans read it
    def flag(p) -> str:
        return "" if p.where is None else q(f"_w{conditions.index(str(p.where))}")

    aggregates: dict[tuple[str, str], str] = {}  # (flag, column or "") → alias
    for p in plans:
        for col in ("", p.measure.column if p.measure.kind == "sum" else ""):
            aggregates.setdefault((flag(p), col), f"_a{len(aggregates)}")
    n_of = [aggregates[(flag(p), "")] for p in plans]
    v_of = [aggregates[(flag(p), p.measure.column if p.measure.kind == "sum" else "")] for p in plans]

    def select(keys) -> list[str]:
        out = []
        for (f, col), alias in aggregates.items():
            if (f, col) not in keys:
                out.append(f"NULL AS {alias}")
                continue
            expr = q(col) if col else "1"
            if f:
                expr = f"CASE WHEN {f} THEN {expr} ELSE {'NULL' if col else '0'} END"
            out.append(f"SUM({expr}) AS {alias}" if (col or f) else f"COUNT(*) AS {alias}")
        return out

    if connection.vendor == "postgresql":
        grouping = f"GROUPING({', '.join(q(c) for c in group_cols)})" if group_cols else "0"
        sql = (f"SELECT {grouping} AS _g, {', '.join([*(q(c) for c in group_cols), *select(aggregates)])} "
               f"FROM ({inner}) AS _rows GROUP BY GROUPING SETS ("
               + ", ".join(f"({', '.join(q(c) for c in s)})" for s in sets) + ")")
        # GROUPING() sets bit (n-1-k) for the k-th argument when that column is not in the row's set
        bits = {sum(1 << (len(group_cols) - 1 - k) for k, c in enumerate(group_cols) if c not in s): n
                for n, s in enumerate(sets)}
    else:
        arms = []
        for n, s in enumerate(sets):
            picked = [q(c) if c in s else f"NULL AS {q(c)}" for c in group_cols]
            wanted = {(flag(p), col) for p in plans if p.group == s
                      for col in ("", p.measure.column if p.measure.kind == "sum" else "")}
            by = f" GROUP BY {', '.join(q(c) for c in s)}" if s else ""
            arms.append(f"SELECT {n} AS _g, {', '.join([*picked, *select(wanted)])} FROM _rows{by}")
        sql = f"WITH _rows AS ({inner}) " + " UNION ALL ".join(arms)
        bits = {n: n for n in range(len(sets))}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        at = {d[0]: k for k, d in enumerate(cursor.description)}
        fetched = cursor.fetchall()
    # per set: where its columns are (and how to decode them), and its plans' count and value positions;
    # an output row becomes one dict per plan that reads its set (each plan adds its own `_v`)
    layout = []
    for s in sets:
        decoders = [(c, d) for c in s if (d := _decoder(model, c)) is not None]
        readers = [(i, at[n_of[i]], at[v_of[i]]) for i, p in enumerate(plans) if p.group == s]
        layout.append((s, [at[c] for c in s], decoders, readers))
    out: list[list[dict]] = [[] for _ in plans]
    g = at["_g"]
    by_set: list[list] = [[] for _ in sets]
    for raw in fetched:
        by_set[bits[raw[g]]].append(raw)
    for (s, positions, decoders, readers), raws in zip(layout, by_set, strict=True):
        names = (*s, "_v")
        for i, n, v in readers:
            pick = itemgetter(*positions, v) if positions else lambda raw, v=v: (raw[v],)  # columns, then value
            # a group where the plan's condition never holds is not a group of the plan
            kept = raws if not s else [raw for raw in raws if raw[n]]
            rows = [dict(zip(names, pick(raw))) for raw in kept]  # noqa: B905 (one name per picked column)
            for c, decode in decoders:
                for row in rows:
                    row[c] = decode(row[c])
            out[i] = rows
    return out


def _decoder(model, column: str):
    """How `values()` turns a stored value into Python: JSON lists decoded (each distinct text once)."""
    if column.startswith("_"):
        return None
    field = model._meta.get_field(column.removesuffix("_id") if column.endswith("_id") else column)
    if field.get_internal_type() != "JSONField":
        return None
    known: dict = {}

    def decode(value):
        if not isinstance(value, str):
            return field.from_db_value(value, None, connection)
        if value not in known:
            known[value] = field.from_db_value(value, None, connection)
        return known[value]

    return decode
