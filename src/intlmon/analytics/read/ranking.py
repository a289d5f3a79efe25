"""Ranking with ties, the one rule every document and check uses: competition ranking ("1224").

Equal values share a rank and the next rank skips; a cut after the n-th keeps every value tied with
it; the unknown code ("", "not specified") is never ranked — it is not a country or an HEI.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

Number = int | Decimal


class Ranked(NamedTuple):
    code: str
    value: Number
    rank: int


def ranking(values: Mapping[str, Number], n: int | None = None) -> list[Ranked]:
    """Known codes by value (largest first, codes in order on ties) with their rank; the first `n` ranks."""
    rows = sorted(((c, v) for c, v in values.items() if c), key=lambda kv: (-kv[1], kv[0]))
    out: list[Ranked] = []
    for i, (code, value) in enumerate(rows):
        rank = out[-1].rank if out and out[-1].value == value else i + 1
        if n is not None and rank > n:
            break
        out.append(Ranked(code, value, rank))
    return out


def leading(values: Mapping[str, Number], n: int) -> list[tuple[str, Number]]:
    """(code, value) of the first `n` ranks, ties with the n-th kept (a chart's or a list's 'top n')."""
    return [(r.code, r.value) for r in ranking(values, n)]


def rank_of(values: Mapping[str, Number], code: str) -> tuple[int, int]:
    """(rank, how many share it) of `code` among `values`; a code without a value counts as 0."""
    mine = values.get(code, 0)
    better = sum(1 for v in values.values() if v > mine)
    tied = sum(1 for v in values.values() if v == mine)
    return better + 1, tied
