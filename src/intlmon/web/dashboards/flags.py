"""How good a figure is, said beside it: provisional, published or computed, explained anomalies.

- provisional: while not every HEI expected to report has a counted version (the open-data rule,
  `opendata.flags.is_provisional`, so the portal and the package never disagree);
- source: `records` (added up from the counted records) or `published` (a figure as printed, with
  the printed line it comes from);
- explained: an audit finding on the statistic has an explanation (`quality.explanations`), shown
  with its words, author and date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intlmon.analytics.read import Figure
from intlmon.analytics.registry import Source


@dataclass
class Quality:
    provisional: bool
    source: str  # "records" | "published" | ""
    note: str  # the printed line of a published figure, or the differing published headline
    explanations: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.source == Source.PUBLISHED


def provisional(year: int, store: dict) -> bool:
    key = ("provisional", year)
    if key not in store:
        from intlmon.opendata.flags import is_provisional

        store[key] = is_provisional(year)
    return store[key]


def quality_of(figure: Figure, store: dict, institution: str | None = None) -> Quality:
    from intlmon.quality.explanations import footnotes_for

    notes = footnotes_for(figure.year, [figure.statistic], institution_id=institution)
    return Quality(provisional=provisional(figure.year, store),
                   source="" if figure.source is None else str(figure.source), note=figure.note,
                   explanations=[n.text for n in notes])
