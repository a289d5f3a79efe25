"""Each section's pass kept in the process between runs, brought up to date by a pass over the changed versions.

Why (issues 13 and 17): after an approval the dashboards compute the year again, and PostgreSQL's grouping of
the year's records (~200,000 rows on 1,000 HEIs, 0.5–0.6 s of server CPU) was most of the wait — for one HEI's
new version. A pass's output rows are counts and sums per group (`passes`), and a version's rows never change
once stored. So the rows for the counted versions V′ are those for V, minus what the versions that left put in
each group, plus what the versions that came put in: the kept output of the pass for V, plus the same pass over
the changed versions only with every row signed (−1 for a row of a version that left; `Pass.delta`). A group
whose row count (`_rows`) reaches 0 is gone; a count or a sum that reaches 0 where the full pass would give none
is the same to `shaping` (a zero total is dropped, groups are told apart by their counts).

What else the rows depend on is the basis (`stamp.records_basis`): the registry (a partner organisation's
country), the global generation and the ORM writes to the year's records (a deleted version's rows bump it).
A pass is kept only when computed outside any transaction, so every row it counted was committed (a version
stored and approved in a transaction that then rolled back is never in it). When the basis changed, when more
than `MAX_CHANGED` versions changed, or when a group would hold fewer than no rows (the kept rows out of step),
the whole pass is sent again — never a merged answer that could differ. Rows edited outside the application
(raw SQL) need the cache cleared, as every kept answer does (`stamp.clear` forgets these too).
`tests/analytics/test_kept_passes.py` compares every statistic with a fresh computation after approvals, a
version that stops counting and a registry change. PostgreSQL only (`passes.fetch`, `prefetch`).
"""

from __future__ import annotations

from collections.abc import Sequence

from intlmon.analytics import stamp
from intlmon.lib.bounded import Bounded

#: more changed versions than this: the whole pass again (a delta is worth it for a few HEIs' approvals)
MAX_CHANGED = 50
#: passes kept per process (ten sections × two years)
KEPT_PASSES = 20


class OutOfStep(Exception):
    """The changed versions' rows are not those the kept pass counted: the whole pass is sent instead."""


class Kept:
    """One pass's output for one set of counted versions: its rows, and where each group's row is.

    Made from an older one by `merged`: `origin` = (that one, the old and the new rows of the groups that
    changed), from which `kept_values` brings the older one's values (`shapes`, by plan key) up to date. The
    pair is one attribute, read once and only ever replaced whole (other threads read it meanwhile: the
    dashboards' warming, a request, a pass sent ahead); it is let go when every plan's values are made or when
    a newer `Kept` replaces this one among the kept passes (`execute`), so the chain is one long at most.
    Values are kept only on what is kept: a pass answered in a transaction (`Job.keep` false) reads and writes
    none (what the transaction saw, the registry included, may roll back)."""

    __slots__ = ("basis", "ids", "columns", "rows", "index", "keys", "origin", "shapes")

    def __init__(self, basis: str, ids: frozenset[int], columns: list[str], rows: list[tuple], keys: int,
                 index: dict | None = None):
        self.basis, self.ids, self.columns, self.rows, self.keys = basis, ids, columns, rows, keys
        self.index = {row[:keys]: n for n, row in enumerate(rows)} if index is None else index
        self.origin: tuple[Kept, tuple[list[tuple], list[tuple]]] | None = None
        self.shapes: dict = {}  # plan key → `shaping.PlanValues` of these rows (`passes.PlanRows.shaped`)

    def merged(self, delta: list[tuple], ids: frozenset[int]) -> Kept:
        """A new `Kept` for `ids`: these rows with the signed rows of the changed versions added in."""
        keys = self.keys
        rows, index = list(self.rows), dict(self.index)
        for row in delta:
            key = row[:keys]
            n = index.get(key)
            if n is None:
                if row[-1] <= 0:  # a new group has rows; a group of none would have had rows to take out
                    if row[-1] < 0:
                        raise OutOfStep
                    continue
                index[key] = len(rows)
                rows.append(row)
                continue
            new = key + tuple(_add(a, b) for a, b in zip(rows[n][keys:], row[keys:], strict=True))
            if new[-1] < 0:
                raise OutOfStep
            if new[-1] == 0:  # the group is gone: the last row takes its place (no index built again)
                del index[key]
                last = rows.pop()
                if n < len(rows):
                    rows[n] = last
                    index[last[:keys]] = n
            else:
                rows[n] = new
        out = Kept(self.basis, ids, self.columns, rows, keys, index)
        old_rows, new_rows = [], []
        for key in dict.fromkeys(row[:keys] for row in delta):
            before, after = self.index.get(key), index.get(key)
            before = None if before is None else self.rows[before]
            after = None if after is None else rows[after]
            if before != after:  # (a group the versions that left and came fill alike is not touched)
                if before is not None:
                    old_rows.append(before)
                if after is not None:
                    new_rows.append(after)
        out.origin = (self, (old_rows, new_rows))
        return out


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b


_kept = Bounded(KEPT_PASSES)  # (model, year, SQL) → Kept


def forget() -> None:
    """Drop every kept pass (`stamp.clear`: whoever clears the cache after a raw SQL edit clears these too)."""
    _kept.clear()


stamp.on_clear(forget)


def basis(year: int) -> str:
    """`stamp.records_basis(year)`, read once per run or read session."""
    from intlmon.analytics.registry import memo, remember

    found = memo(("records-basis", year))
    if found is None:
        found = stamp.records_basis(year)
        remember(("records-basis", year), found)
    return found


class Job:
    """How pass `one` will be answered for the counted versions `ids`: made in the caller's thread (the signed
    pass's SQL is compiled there), run in any thread that holds the connection (`execute`)."""

    __slots__ = ("one", "ids", "basis", "key", "kept", "sql", "params", "removed", "added", "keep")

    def __init__(self, one, ids: Sequence[int], basis: str):
        from django.db import connection

        self.one, self.ids, self.basis = one, frozenset(ids), basis
        self.keep = not connection.in_atomic_block  # what a transaction saw may roll back: not kept
        self.key = (one.model._meta.label, one.year, one.sql)
        kept = _kept.get(self.key)
        self.kept, self.sql, self.params, self.removed, self.added = None, one.sql, one.params, [], []
        if kept is None or kept.basis != basis:
            return
        self.removed, self.added = sorted(kept.ids - self.ids), sorted(self.ids - kept.ids)
        if not self.removed and not self.added:
            self.kept, self.sql = kept, None
        elif len(self.removed) + len(self.added) <= MAX_CHANGED:
            self.kept = kept
            self.sql, self.params = one.delta(self.removed, self.added)


def execute(cursor, job: Job) -> tuple[list[str], list[tuple], Kept | None]:
    """The output (columns, rows) of the job's pass: the kept rows, brought up to date by the signed pass when
    there is one; the whole pass when nothing is kept or the kept rows are out of step — kept for next time.
    Third: the `Kept` those rows are, whose values may be kept with them — None in a transaction (`Job.keep`):
    nothing it computes is kept, values included."""
    kept = job.kept
    if kept is not None and job.sql is None:
        return kept.columns, kept.rows, kept if job.keep else None
    if kept is not None:
        cursor.execute(job.sql, job.params)
        if [d[0] for d in cursor.description] != kept.columns:
            raise AssertionError(f"{job.one.model.__name__}: the signed pass's columns differ from the pass's")
        try:
            merged = kept.merged(cursor.fetchall(), job.ids)
        except OutOfStep:
            merged = None
        if merged is not None:
            if not job.keep:
                return merged.columns, merged.rows, None
            _keep(job.key, merged)
            kept.origin = None  # replaced: its own origin can no longer help (one store, atomic)
            return merged.columns, merged.rows, merged
    cursor.execute(job.one.sql, job.one.params)
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not job.keep:
        return columns, rows, None
    whole = Kept(job.basis, job.ids, columns, rows, job.one.keys)
    _keep(job.key, whole)
    return columns, rows, whole


def _keep(key: tuple, kept: Kept) -> None:
    _kept.put(key, kept)
