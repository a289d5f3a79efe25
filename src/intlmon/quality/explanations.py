"""Explanations of findings: stored once, remembered for the same check, HEI and statistic in later
years, and handed to reports as footnotes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from intlmon.quality.models import Explanation


@dataclass(frozen=True)
class Footnote:
    check: str
    statistic: str
    institution_id: int | str | None
    text: str
    author: str


def explain(check: str, year: int, text: str, author: str, institution_id: str | None = None,
            statistic: str = "") -> Explanation:
    return Explanation.objects.create(check_id=check, year_from=year, text=text, author=author,
                                      institution_id=institution_id or None, statistic=statistic or "")


def applicable(year: int):
    """Explanations valid for the year, the newest first for each key."""
    return Explanation.objects.filter(year_from__lte=year).order_by("-year_from", "-created", "-pk")


def lookup(year: int) -> dict[tuple[str, str, str], Explanation]:
    found: dict[tuple[str, str, str], Explanation] = {}
    for e in applicable(year):
        found.setdefault((e.check_id, e.institution_id or "", e.statistic or ""), e)
    return found


def find(explained: dict, key: tuple[str, str, str]) -> Explanation | None:
    """Exact key first; an explanation with an empty statistic covers the whole check for the HEI."""
    check, institution, statistic = key
    return explained.get(key) or explained.get((check, institution, ""))


def footnotes_for(year: int, statistic_ids: Iterable[str] | None = None,
                  institution_id: int | str | None = None) -> list[Footnote]:
    qs = applicable(year)
    if statistic_ids is not None:
        qs = qs.filter(statistic__in=list(statistic_ids))
    if institution_id is not None:
        qs = qs.filter(Q(institution_id=institution_id))
    seen, notes = set(), []
    for e in qs:
        key = (e.check_id, e.institution_id or "", e.statistic)
        if key in seen:
            continue
        seen.add(key)
        notes.append(Footnote(check=e.check_id, statistic=e.statistic, institution_id=e.institution_id,
                              text=e.text, author=e.author))
    return sorted(notes, key=lambda n: (n.statistic, str(n.institution_id or ""), n.check))
