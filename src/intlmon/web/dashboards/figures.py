"""What a dashboard page shows, built from the read service: cards, breakdown tables, trends, the map.

Nothing here adds numbers up: every value is `Reader.figure`, `Reader.by` or `ranking.leading`; the
change against the previous year is `analytics.yoy`'s wording; labels come from the read service.
A figure's link goes to its drill-down (`web:dashboard-figure`) with the statistic, year and codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlencode

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from intlmon.analytics.read import Reader, ranking
from intlmon.analytics.yoy import change
from intlmon.web.dashboards.sections import BREAKDOWNS, SECTIONS, Section
from intlmon.web.dashboards.tables import Row, Table

TOP_COUNTRIES = 10
DIM_TITLES = {
    "region": lambda: _("Region"), "category": lambda: _("HEI category"), "field": lambda: _("Field of study"),
    "level": lambda: _("Level"), "country": lambda: _("Country"), "institution": lambda: _("HEI"),
    # dimensions no page breaks down by, named when a drill-down link or the API asks for one of their codes
    "kind": lambda: _("Kind"), "direction": lambda: _("Direction"), "funding": lambda: _("Funding"),
}


def figure_link(stat_id: str, year: int, where: dict[str, str], national: bool = True, base: str | None = None) -> str:
    """The drill-down of a figure; `basis=records` when the page reads the records (an HEI page), so the
    drill-down reads the figure the way the page did (`Reader(national=…)`). `base`: the drill-down's path
    when the caller has it (`Page.figure_url`: asking for the script prefix and URL configuration on each
    of 10,000 links was a tenth of the overview's time)."""
    query = {"statistic": stat_id, "year": year, **where, **({} if national else {"basis": "records"})}
    return (base or _figure_url()) + "?" + "&".join([_pair(k, v) for k, v in query.items()])


@lru_cache(maxsize=65536)
def _pair(key: str, value: object) -> str:
    """`key=value` as `urlencode` writes it, each pair encoded once per process: a page links some 10,000
    numbers (the 1,000-HEI database) made of a few hundred distinct pairs, and encoding each link whole was
    a fifth of the overview's time after an approval."""
    return urlencode({key: value})


_FIGURE_URLS: dict[tuple, str] = {}


def _figure_url() -> str:
    """The drill-down's path, reversed once per URL configuration and script prefix (a page links some
    10,000 numbers on the 1,000-HEI database; reversing each took a tenth of its time)."""
    key = (get_script_prefix(), get_urlconf())
    if key not in _FIGURE_URLS:
        _FIGURE_URLS[key] = reverse("web:dashboard-figure")
    return _FIGURE_URLS[key]


@dataclass
class Card:
    section: Section
    value: object
    previous: object
    change: str
    link: str
    statistic: str


@dataclass
class SectionView:
    section: Section
    card: Card | None
    tables: list[Table] = field(default_factory=list)


class Page:
    """One page's figures for a year, restricted by `where` (filters, a country or an HEI)."""

    def __init__(self, year: int, lang: str, where: dict[str, str], *, national: bool = True,
                 store: dict | None = None, other_years: Callable[[str, int], object] | None = None):
        """`other_years(statistic, year)`: where the figures of other years than `year` (a card's previous
        year, the trends) come from when not from this page's reader — the overview's kept per-year values,
        so a page does not read every year's whole store for one number a year."""
        self.year, self.lang, self.where, self.national = year, lang, dict(where), national
        self.reader = Reader(year, national=national, store=store)
        self.other_years = other_years
        self.figure_url = _figure_url()

    def link(self, stat_id: str, where: dict[str, str]) -> str:
        """The drill-down of this page's figure `stat_id` of its year under `where`."""
        return figure_link(stat_id, self.year, where, self.national, self.figure_url)

    def label(self, dim: str, code: str) -> str:
        return self.reader.label(dim, code, self.lang) if code else _("not specified")

    def value(self, stat_id: str, year: int):
        if self.other_years is not None and year != self.year:
            return self.other_years(stat_id, year)
        return self.reader.figure(stat_id, year, **self.where).value

    def values_of_year(self, year: int) -> dict[str, object]:
        """{statistic: its figure in `year` under this page's `where`} for every section's card statistic."""
        ids = [stat_id for stat_id in (s.statistic_for(self.where) for s in SECTIONS) if stat_id]
        return {stat_id: self.reader.figure(stat_id, year, **self.where).value for stat_id in ids}

    def card(self, section: Section) -> Card | None:
        stat_id = section.statistic_for(self.where)
        if stat_id is None:
            return None
        now = self.value(stat_id, self.year)
        if now is None:
            return None
        before = self.value(stat_id, self.year - 1)
        wording = change(before, now).describe(self.lang) if before is not None else ""
        return Card(section, now, before, wording, self.link(stat_id, self.where), stat_id)

    def breakdown(self, section: Section, dim: str) -> Table | None:
        if dim in self.where:
            return None
        stat_id = section.statistic_for({dim, *self.where})
        if stat_id is None:
            return None
        values = {c: v for c, v in self.reader.by(stat_id, self.year, dim, **self.where).items() if v}
        if not values:
            return None
        table = Table(f"{section.key}-by-{dim}", f"{section.title} — {DIM_TITLES[dim]()}",
                      [DIM_TITLES[dim](), _("Number")])
        for code, value in values.items():
            table.rows.append(Row([self.label(dim, code), value],
                                  partial(self.link, stat_id, {**self.where, dim: code})))
        return table

    def section(self, section: Section, dims=BREAKDOWNS) -> SectionView | None:
        card = self.card(section)
        if card is None:
            return None
        tables = [t for t in (self.breakdown(section, d) for d in dims) if t is not None]
        return SectionView(section, card, tables)

    def sections(self, dims=BREAKDOWNS) -> list[SectionView]:
        return [v for v in (self.section(s, dims) for s in SECTIONS) if v is not None]

    def trends(self, section: Section, years: list[int]) -> dict[int, object]:
        """{year: the section's figure} over the years held (years without a value left out)."""
        stat_id = section.statistic_for(self.where)
        if stat_id is None:
            return {}
        out = {}
        for y in years:
            value = self.value(stat_id, y)
            if value is not None:
                out[y] = value
        return out

    def partner_countries(self) -> tuple[str, dict[str, object]]:
        """(statistic, {country: agreements}) over the partner countries of agreements."""
        section = SECTIONS[0]
        stat_id = section.statistic_for({"country", *self.where}) or ""
        if not stat_id:
            return "", {}
        return stat_id, {c: v for c, v in self.reader.by(stat_id, self.year, "country", **self.where).items() if c and v}

    def top_countries(self) -> Table | None:
        stat_id, values = self.partner_countries()
        if not values:
            return None
        table = Table("top-partner-countries", _("Top partner countries of international agreements"),
                      [_("Rank"), _("Country"), _("Agreements")])
        for code, value, rank in ranking(values, TOP_COUNTRIES):
            table.rows.append(Row([rank, self.label("country", code), value],
                                  self.link(stat_id, {**self.where, "country": code})))
        return table
