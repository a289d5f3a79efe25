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
from itertools import compress

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from intlmon.analytics.scope import current_unnested
from intlmon.analytics.statistics.shaping import Columns


def fetch(model, plans: Sequence, year: int) -> list[Columns] | list[list[dict]] | list[PlanRows]:
    """The grouped rows of each plan (same order), as `values(*plan.group).annotate(_v=…)` gives them
    (held column by column: `shaping.Columns`; dicts from each plan's own query when no version counts;
    on PostgreSQL `PlanRows`, whose values may be brought up to date rather than shaped again).

    Within `compute_all` on PostgreSQL the query has usually been sent already (`prefetch`): its rows
    are taken from there."""
    from intlmon.analytics.registry import _memo

    store = _memo.get()
    # taken out of the run's store: its output rows are freed once they are columns
    waiting = None if store is None else store.pop(("prefetched", model, year), None)
    if waiting is not None:
        with connection.wrap_database_errors:
            columns, fetched, kept = waiting.result()  # what the query raised is raised here
        if waiting.logged is not None and connection.queries_logged:
            connection.queries_log.append(waiting.logged)
        return Answer(waiting.one, columns, fetched, kept).plan_rows()
    one = prepare(model, plans, year)
    if one is None:  # no version counts this year: each plan's own query says what that gives
        from intlmon.analytics.statistics.base import _query

        return [_query(p, year) for p in plans]
    if connection.vendor == "postgresql":  # kept between runs, brought up to date (`kept_passes`)
        from intlmon.analytics.scope import counted_ids
        from intlmon.analytics.statistics import kept_passes

        job = kept_passes.Job(one, counted_ids(year), kept_passes.basis(year))
        with connection.cursor() as cursor:
            columns, fetched, kept = kept_passes.execute(cursor, job)
        return Answer(one, columns, fetched, kept).plan_rows()
    with connection.cursor() as cursor:
        cursor.execute(one.sql, one.params)
        columns = [d[0] for d in cursor.description]
        fetched = cursor.fetchall()
    return one.rows(columns, fetched)


class Answer:
    """A pass's output rows (and the `kept_passes.Kept` they are, if any), each plan's `Columns` made only
    when first asked for: values brought up to date (`kept_values`) read the changed groups' rows only."""

    __slots__ = ("one", "columns", "fetched", "kept", "_whole", "_touched")

    def __init__(self, one: Pass, columns: list[str], fetched: list[tuple], kept):
        self.one, self.columns, self.fetched, self.kept = one, columns, fetched, kept
        self._whole: list[Columns] | None = None
        self._touched: tuple[list[Columns], list[Columns]] | None = None

    def plan_rows(self) -> list[PlanRows]:
        return [PlanRows(self, i) for i in range(len(self.one.plans))]

    def whole(self, i: int) -> Columns:
        if self._whole is None:
            self._whole = self.one.rows(self.columns, self.fetched)
        return self._whole[i]

    def touched(self, i: int, changed: tuple[list[tuple], list[tuple]]) -> tuple[Columns, Columns]:
        """Plan i's old and new rows of the groups the approval changed (the `kept_passes.Kept.origin` read)."""
        if self._touched is None:
            old, new = changed
            self._touched = (self.one.rows(self.columns, old), self.one.rows(self.columns, new))
        return self._touched[0][i], self._touched[1][i]


class PlanRows:
    """One plan's rows of a pass's `Answer`: `columns()` the whole of them, `shaped()` its values — kept
    beside the kept pass and brought up to date from the changed groups when they can be (`kept_values`)."""

    __slots__ = ("answer", "i")

    def __init__(self, answer: Answer, i: int):
        self.answer, self.i = answer, i

    def columns(self) -> Columns:
        return self.answer.whole(self.i)

    def shaped(self, p, year: int) -> list:
        from intlmon.analytics.statistics import kept_values
        from intlmon.analytics.statistics.shaping import shape, shape_parts

        kept = self.answer.kept
        if kept is None:  # nothing kept (in a transaction: not even values)
            return shape(p, self.columns(), year)
        found = kept.shapes.get(p.key)
        if found is None:
            origin = kept.origin  # (read once: another thread may let it go meanwhile)
            before = None if origin is None else origin[0].shapes.get(p.key)
            if before is not None:
                old, new = self.answer.touched(self.i, origin[1])
                found = kept_values.brought_up_to_date(before, p, old, new, year)
            if found is None:
                found = shape_parts(p, self.columns(), year)
            kept.shapes[p.key] = found
            if len(kept.shapes) >= len(self.answer.one.plans):
                kept.origin = None  # every plan's values made: the older pass can go
        return found.shaped()


EMPTY_LIST = "'[]'::jsonb"


class Pass:
    """One section's query for all of its plans, and how its output rows become each plan's rows.

    On PostgreSQL the output rows also carry `_rows` (the group's row count): what `kept_passes` needs to
    bring kept rows up to date."""

    def __init__(self, model, plans: Sequence, sql: str, params, sets: list, bits: dict, n_of: list, v_of: list,
                 year: int = 0, keys: int = 0):
        self.model, self.plans, self.sql, self.params = model, list(plans), sql, params
        self.sets, self.bits, self.n_of, self.v_of = sets, bits, n_of, v_of
        self.year, self.keys = year, keys  # the output's leading columns that name a group: `_g` and the grouped

    def delta(self, removed: Sequence[int], added: Sequence[int]) -> tuple[str, list]:
        """This pass over the rows of `removed` and `added` versions only, every count and sum signed (−1 for a
        row of a removed version): what adding to this pass's rows for the old versions gives them for the new."""
        built = _build(self.model, self.plans, self.year, changed=(list(removed), list(added)))
        if built is None:  # (a filter on a non-empty list of ids is never empty)
            raise AssertionError(f"{self.model.__name__}: no signed pass")
        return built.sql, built.params

    def rows(self, columns: list[str], fetched: list[tuple]) -> list[Columns]:
        """Each plan's grouped rows (`shaping.Columns`), from the output rows of the pass."""
        plans, sets = self.plans, self.sets
        at = {name: k for k, name in enumerate(columns)}
        g, bits = at["_g"], self.bits
        by_set: list[list] = [[] for _ in sets]
        for raw in fetched:
            by_set[bits[raw[g]]].append(raw)
        out: list[Columns] = [Columns({}, 0) for _ in plans]
        for s, raws in zip(sets, by_set, strict=True):
            # the set's output rows turned into columns once (in C), each JSON column decoded once
            transposed = list(zip(*raws, strict=True)) if raws else [()] * len(columns)
            decoded = {}
            for c in s:
                decode = _decoder(self.model, c)
                column = transposed[at[c]]
                decoded[c] = column if decode is None else _decoded(column, decode)
            for i, p in enumerate(plans):
                if p.group != s:
                    continue
                data = {**decoded, "_v": transposed[at[self.v_of[i]]]}
                # a group where the plan's condition never holds is not a group of the plan
                if s and self.n_of[i] is not None and not all(held := transposed[at[self.n_of[i]]]):
                    data = {name: list(compress(column, held)) for name, column in data.items()}
                out[i] = Columns(data, len(data["_v"]))
        return out


def prepare(model, plans: Sequence, year: int) -> Pass | None:
    """The one query answering every plan of a section for `year`; None when no version counts."""
    return _build(model, plans, year)


#: compiled passes on PostgreSQL, by (model, year, plans, signed or not): which versions count goes in as one array
#: parameter per list of ids (`scope.current_unnested`), so the SQL is the same for every set of versions and
#: Django's compiling (~5 ms of Python a pass; after an approval twice a section: the pass and its signed form)
#: is done once per process; each use puts its own arrays in
_COMPILED: dict[tuple, tuple[Pass, list[int]]] = {}


def _build(model, plans: Sequence, year: int, changed: tuple[list[int], list[int]] | None = None) -> Pass | None:
    """`prepare`'s query; with `changed` = (removed, added) version ids, its signed form over those versions
    (`Pass.delta`; PostgreSQL only)."""
    if changed is None:
        from intlmon.analytics.scope import counted_ids

        ids = counted_ids(year)
        lists = [ids]
    else:
        removed, added = changed
        lists = [sorted({*removed, *added}), sorted(removed)]
    if connection.vendor != "postgresql" or not lists[0]:
        return _compile(model, plans, year, changed, lists)
    key = (model, year, tuple(p.key for p in plans), changed is not None)
    found = _COMPILED.get(key)
    if found is None:
        markers = [[0] for _ in lists]  # one list object per array parameter, found again by identity
        built = _compile(model, plans, year, changed, markers)
        if built is None:  # (no row can match the plans' conditions: nothing to keep)
            return None
        at = [[i for i, param in enumerate(built.params) if param is marker] for marker in markers]
        if any(len(places) != 1 for places in at):
            raise AssertionError(f"{model.__name__}: each list of version ids should be one parameter of the pass")
        found = _COMPILED[key] = (built, [places[0] for places in at])
    template, places = found
    params = list(template.params)
    for place, ids in zip(places, lists, strict=True):
        params[place] = ids
    return Pass(model, template.plans, template.sql, tuple(params), template.sets, template.bits, template.n_of,
                template.v_of, template.year, template.keys)


def _compile(model, plans: Sequence, year: int, changed: tuple[list[int], list[int]] | None,
             lists: list[list[int]]) -> Pass | None:
    """`_build`'s query compiled by Django, with `lists` the array parameters: the counted versions, or the
    changed versions and the removed ones (the signed form)."""
    if changed is None:
        qs = current_unnested(model, year, ids=lists[0])
    else:
        column = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name('submission_id')}"
        qs = model.objects.filter(period__year=year).filter(
            RawSQL(f"{column} = ANY(%s)", (lists[0],), output_field=BooleanField())
        ).annotate(_sign=RawSQL(f"CASE WHEN {column} = ANY(%s) THEN -1 ELSE 1 END", (lists[1],),
                                output_field=IntegerField()))
    if any(p.partner for p in plans):
        qs = qs.annotate(_country=Coalesce("country_id", "partner__country_id"))
    conditions = list(dict.fromkeys(str(p.where) for p in plans if p.where is not None))
    flags = {f"_w{conditions.index(str(p.where))}": ExpressionWrapper(p.where, output_field=BooleanField())
             for p in plans if p.where is not None}
    sets = list(dict.fromkeys(p.group for p in plans))  # plans grouping alike share one set
    postgres = connection.vendor == "postgresql"
    group_cols = sorted({c for s in sets for c in s})
    summed = sorted({p.measure.column for p in plans if p.measure.kind == "sum"})
    signed = ["_sign"] if changed is not None else []
    try:
        inner, params = (qs.annotate(**flags).values(*sorted(set(group_cols) | set(summed)), *sorted(flags), *signed)
                         .order_by().query.sql_with_params())
    except EmptyResultSet:
        return None
    q = connection.ops.quote_name

    # the aggregates: how many rows (where each condition holds) and each summed column (likewise),
    # each computed once however many plans read it
    def flag(p) -> str:
        return "" if p.where is None else q(f"_w{conditions.index(str(p.where))}")

    def needed(p) -> list[str]:
        """What a plan reads: its sum (if it adds a column up) and how many of its rows there are — its
        value (a count), or which groups are its own (a condition); a plain sum has a row in every group."""
        summed = [p.measure.column] if p.measure.kind == "sum" else []
        return summed + ([""] if p.where is not None or not summed else [])

    aggregates: dict[tuple[str, str], str] = {}  # (flag, column or "") → alias
    for p in plans:
        for col in needed(p):
            aggregates.setdefault((flag(p), col), f"_a{len(aggregates)}")
    n_of = [aggregates[(flag(p), "")] if p.where is not None else None for p in plans]
    v_of = [aggregates[(flag(p), p.measure.column if p.measure.kind == "sum" else "")] for p in plans]
    sign = f"{q('_sign')} * " if signed else ""

    def select(keys) -> list[str]:
        out = []
        for (f, col), alias in aggregates.items():
            if (f, col) not in keys:
                out.append(f"NULL AS {alias}")
                continue
            expr = q(col) if col else "1"
            if f:
                expr = f"CASE WHEN {f} THEN {expr} ELSE {'NULL' if col else '0'} END"
            if col or f:
                out.append(f"SUM({sign}{expr}) AS {alias}")
            else:
                out.append(f"SUM({q('_sign')}) AS {alias}" if signed else f"COUNT(*) AS {alias}")
        return out

    if postgres:
        stored = [*sorted(set(group_cols) | set(summed)), *sorted(flags), *signed]
        if "countries" in group_cols:
            # an empty list names no country, as no list does (`shaping.shape`): grouped and sent as NULL,
            # which PostgreSQL hashes and sends for less than a JSON value
            inner = (f"SELECT {', '.join(q(c) if c != 'countries' else f'NULLIF({q(c)}, {EMPTY_LIST}) AS {q(c)}' for c in stored)} "
                     f"FROM ({inner}) AS _stored")
        grouping = f"GROUPING({', '.join(q(c) for c in group_cols)})" if group_cols else "0"
        rows = f"SUM({q('_sign')})" if signed else "COUNT(*)"
        sql = (f"SELECT {grouping} AS _g, {', '.join([*(q(c) for c in group_cols), *select(aggregates)])}, {rows} AS _rows "
               f"FROM ({inner}) AS _rows GROUP BY GROUPING SETS ("
               + ", ".join(f"({', '.join(q(c) for c in s)})" for s in sets) + ")")
        # GROUPING() sets bit (n-1-k) for the k-th argument when that column is not in the row's set
        bits = {sum(1 << (len(group_cols) - 1 - k) for k, c in enumerate(group_cols) if c not in s): n
                for n, s in enumerate(sets)}
        return Pass(model, plans, sql, params, sets, bits, n_of, v_of, year, 1 + len(group_cols))
    arms = []
    for n, s in enumerate(sets):
        picked = [q(c) if c in s else f"NULL AS {q(c)}" for c in group_cols]
        wanted = {(flag(p), col) for p in plans if p.group == s for col in needed(p)}
        by = f" GROUP BY {', '.join(q(c) for c in s)}" if s else ""
        arms.append(f"SELECT {n} AS _g, {', '.join([*picked, *select(wanted)])} FROM _rows{by}")
    sql = f"WITH _rows AS ({inner}) " + " UNION ALL ".join(arms)
    bits = {n: n for n in range(len(sets))}
    return Pass(model, plans, sql, params, sets, bits, n_of, v_of, year, 1 + len(group_cols))


def _decoded(column: Sequence, decode) -> list:
    """A JSON column decoded, each distinct stored text once (a handful recur over thousands of rows)."""
    try:
        once = {value: decode(value) for value in set(column)}
    except TypeError:  # a value the driver decoded already (a list): one by one
        return [decode(value) for value in column]
    return [once[value] for value in column]


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
