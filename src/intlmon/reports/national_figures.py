"""Which value the national report prints for a quantity, and what each number is annotated with.

The rule of `reports.reconcile`: one value per quantity, computed from the finest data held. For
agreements that is the records, else the published table by partner country (its 78 rows add up to
6 050 in 2023 where the published headline says 6 044); for partner countries, HEIs … it is the
distinct things the report lists (78 countries in the appendix, 82 stated). A differing published
figure is footnoted by `reconcile.Ledger`; a breakdown that covers less than its total gets a
"not specified" row (`row_label`) so every table adds up.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from intlmon.analytics.read import label
from intlmon.analytics.registry import Source
from intlmon.reports.document import Printed, Quantity, Unstated, first_of, quantity


class PrintedFigures:
    """Mixed into `NationalReport` (which sets `stats`, a `Reader`, and `year`, `lang`)."""

    def q(self, stat_id: str, year: int | None = None, **where: str) -> Quantity:
        """The quantity a number expresses (`count=<dim>`: how many distinct codes of that dimension)."""
        return quantity(stat_id, self.year if year is None else year, **where)

    def row_label(self, dim: str, code: str) -> str:
        """A table's row label; the empty code is "not specified", which is not a listed thing."""
        return label(dim, code, self.lang) if code else Unstated(label(dim, code, self.lang))

    def listing(self, caption: str, q: Quantity, total: int, shown: int) -> tuple[str, Printed]:
        """A caption saying "first 15 of 78" when only the first are shown, and what the list counts."""
        if shown < total:
            caption = f"{caption}, {first_of(shown, total, self.lang)}"
        return caption, Printed(q, total)

    def countries_count(self, stat_id: str, by_stat: str, year: int) -> int | Decimal:
        """The distinct countries the report lists (the finest data held), else a stated number; a
        differing stated number is a footnote (82 stated in 2023, 78 listed in the appendix)."""
        return self.stats.count(by_stat, year, "country") or self.stats.total(stat_id, year) or 0

    def branch_counts(self, stat_id: str, hosts_id: str, countries_id: str) -> tuple:
        """(HEIs, countries) of branches: the statistics counting them, else the distinct codes listed."""
        s, y = self.stats, self.year
        hosts = s.total(hosts_id, y) or len([c for c in s.by(stat_id, y, "institution") if c])
        countries = (s.total(countries_id, y) if countries_id else None) or len([c for c in s.by(stat_id, y, "country") if c])
        return hosts, countries

    def from_records(self, stat_id: str, year: int | None = None) -> bool:
        """Whether the figures of `stat_id` come from records (a footnote then says "the records held")."""
        return Source.RECORDS in self.stats.get(stat_id, self.year if year is None else year).sources

    def agreements_basis(self, year: int) -> dict:
        """What the agreements total (`Reader.total`, the finest data held) added up, for the footnote on a differing published headline."""
        result = self.stats.get("agreements_by_country", year)
        if result.is_empty or self.from_records("agreements_by_country", year):
            return {}
        rows = [v for v in result.values if v.dimension.get("country")]
        return {"rows": len(rows), "table": _("International agreements by partner country")} if rows else {}
