"""Statistics cut down to one country or one HEI, for the country note and the institution profile.

The analytics registry answers "how many, by what"; a note about France needs "how many with
France, and by what". `Topic` names the statistics that can answer a question (the first one that
has the wanted dimensions wins), plus fixed codes such as direction=outbound, person=student. Every
number still comes from `intlmon.analytics.registry.compute`; here values of one consistent
dimension set are only filtered and added up, never invented. A breakdown no registered statistic
offers for a country (e.g. mobility by HEI *and* country) is simply not available: the note then
says less, not something wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from intlmon.analytics.registry import StatResult, Value, all_statistics, compute


@dataclass(frozen=True)
class Topic:
    ids: tuple[str, ...]
    fixed: dict[str, str] = field(default_factory=dict)


class Results:
    """compute() memoised for one document build (each statistic is computed once per year)."""

    def __init__(self, year: int):
        self.year = year
        self._cache: dict[tuple[str, int], StatResult | None] = {}

    def get(self, stat_id: str, year: int | None = None) -> StatResult | None:
        year = self.year if year is None else year
        key = (stat_id, year)
        if key not in self._cache:
            self._cache[key] = compute(stat_id, year) if stat_id in all_statistics() else None
        return self._cache[key]


def _groups(values: Iterable[Value]) -> dict[frozenset[str], list[Value]]:
    out: dict[frozenset[str], list[Value]] = {}
    for v in values:
        out.setdefault(frozenset(v.dimension), []).append(v)
    return out


def _best(result: StatResult, needed: set[str]) -> list[Value]:
    """Values of the dimension set that covers `needed` with the most values (fewest keys on ties)."""
    groups = [(keys, vals) for keys, vals in _groups(result.values).items() if needed <= keys]
    if not groups:
        return []
    groups.sort(key=lambda kv: (-len(kv[1]), len(kv[0]), sorted(kv[0])))
    return groups[0][1]


def _add(values: Iterable[int | Decimal]) -> int | Decimal:
    total: int | Decimal = 0
    for v in values:
        total += v
    return total


class Slice:
    """One topic restricted to `where` (e.g. {"country": "FR"} or {"institution": "kaznu"})."""

    def __init__(self, results: Results, topic: Topic, where: dict[str, str]):
        self.results = results
        self.topic = topic
        self.where = {**topic.fixed, **where}

    def _candidates(self, extra: set[str]):
        needed = set(self.where) | extra
        statistics = all_statistics()
        for stat_id in self.topic.ids:
            statistic = statistics.get(stat_id)
            if statistic is None or not statistic.additive:
                continue
            result = self.results.get(stat_id)
            if result is None:
                continue
            group = _best(result, needed)
            if group:
                yield stat_id, [v for v in group if all(v.dimension.get(k) == c for k, c in self.where.items())]

    def sources(self, extra: Iterable[str] = ()) -> list[str]:
        """The statistic ids a figure of this slice is taken from (for footnotes and tests)."""
        return [stat_id for stat_id, rows in self._candidates(set(extra)) if rows][:1]

    def total(self) -> int | Decimal | None:
        """The sum for the slice; None when no statistic has these dimensions (0 when it has, but empty)."""
        seen_any = False
        for _stat_id, rows in self._candidates(set()):
            seen_any = True
            if rows:
                return _add(v.value for v in rows)
        return 0 if seen_any else None

    def by(self, dim: str) -> dict[str, int | Decimal]:
        """{code: value} for the slice, largest first (codes in order on ties); {} when not available."""
        for _stat_id, rows in self._candidates({dim}):
            if rows:
                out: dict[str, int | Decimal] = {}
                for v in rows:
                    code = v.dimension.get(dim, "")
                    out[code] = out.get(code, 0) + v.value
                return dict(sorted(((k, v) for k, v in out.items() if v), key=lambda kv: (-kv[1], kv[0])))
        return {}


def rank_among(values: dict[str, int | Decimal], code: str) -> tuple[int, int] | None:
    """Competition rank ("1224") of `code` among `values` and the number ranked; None when absent."""
    if code not in values:
        return None
    mine = values[code]
    better = sum(1 for v in values.values() if v > mine)
    return better + 1, len(values)
