"""The national analytic report on the international activity of Kazakh HEIs (seed 001's structure).

Summary card; international agreements (by HEI category, country, region, direction); foreign
branches in Kazakhstan; Kazakh branches abroad; international projects (research, educational,
funders); Scopus / Web of Science publications; joint programmes; double-degree programmes;
appendices as tables. Every number is read through `intlmon.analytics.read` (this year from the
records, earlier years and bilateral-slice years as published); ranks come from there too, shares
and changes are computed here from those values, and the wording of changes comes from `intlmon.analytics.yoy`, so
the report cannot repeat the arithmetic slips of the hand-written one ("167 → 159 is −0,5 %").
Footnotes are the explanations analysts gave for audit findings (`intlmon.quality.explanations`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from intlmon.analytics.read import Reader, leading, session
from intlmon.analytics.read import label as read_label
from intlmon.reports import narrative as say
from intlmon.reports.document import (
    Document,
    Figure,
    Heading,
    KeyFigures,
    Paragraph,
    Printed,
    Table,
    TableOfContents,
    format_number,
)
from intlmon.reports.national_appendices import Appendices
from intlmon.reports.national_figures import PrintedFigures
from intlmon.reports.reconcile import Ledger

CATEGORIES = ("national", "state", "joint_stock", "private", "international")
LEVELS = ("bachelor", "master", "doctorate")


def label(dim: str, code: str, lang: str) -> str:
    """Display name of a dimension code (fetched once per build by the read service); 'not specified' for ''."""
    if not code:
        return pgettext("report", "not specified")
    return read_label(dim, code, lang)


def footnotes(year: int, statistic_ids: Iterable[str]) -> list[str]:
    """Explanations analysts gave for audit findings on these statistics, each once per document
    (`build_national_report` opens `one_footnote_each`); [] when there are none. A failure to read
    them is an error, not a report without its explanations."""
    from intlmon.quality.explanations import footnotes_for

    return [f.text for f in footnotes_for(year, list(statistic_ids)) if f.text]


class NationalReport(PrintedFigures, Appendices):
    def __init__(self, year: int, lang: str, stats: Reader):
        self.year, self.prev, self.lang, self.stats = year, year - 1, lang, stats
        self.doc = Document(
            title=_("International activity of Kazakhstan's higher education institutions in %(year)s") % {"year": year},
            subtitle=_("Analytic report on the results of monitoring"),
            lang=lang,
            author=_("National Centre for Higher Education Development"),
        )
        self.ledger = Ledger(lang)

    # -- small helpers ---------------------------------------------------------------------------
    def n(self, value) -> str:
        return format_number(value, self.lang)

    def count(self, value, unit: str) -> str:
        return say.count(value, unit, self.lang)

    def change(self, old, new, unit: str | None = None) -> str:
        return say.change(old, new, self.lang, unit)

    def names(self, dim: str, items: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
        return [(label(dim, code, self.lang), value) for code, value in items]

    def para(self, text: str, stat_ids: Iterable[str] = (), style: str = "", figures: Iterable[tuple] = ()) -> Paragraph:
        """Running text; `figures` are (quantity, value[, basis]) of the numbers it prints: annotated for
        `reports.reconcile`, footnoted (once per document) where a published figure differs, `basis`
        saying what the value is computed from (see `Ledger.note`)."""
        printed, notes = [], []
        for q, value, *basis in figures:
            if value is not None:
                printed.append(Printed(q, value))
                notes += self.ledger.note(q, value, **(basis[0] if basis else {}))
        return Paragraph(text, footnotes=footnotes(self.year, stat_ids) + notes, style=style, figures=printed)

    def no_data(self) -> Paragraph:
        return Paragraph(_("No data were reported for %(year)s.") % {"year": self.year}, style="note")

    def add(self, *blocks):
        self.doc.add(*blocks)

    def chart(self, kind: str, *args, **kwargs):
        from intlmon.reports import charts

        return getattr(charts, kind)(*args, lang=self.lang, **kwargs)

    def prev_note(self, *stat_ids: str) -> list[str]:
        """Say where the previous year's figures come from when they are the published ones."""
        from intlmon.analytics.registry import Source

        for stat_id in stat_ids:
            result = self.stats.get(stat_id, self.prev)
            if result is not None and not result.is_empty and Source.PUBLISHED in result.sources:
                return [_("Figures for %(prev)s as published in the monitoring report of that year.") % {"prev": self.prev}]
        return []

    def yoy_row(self, name: str, old, new) -> list:
        change = "" if old is None or new is None else self.change(old, new)
        return [name, old if old is not None else "", new if new is not None else "", change]

    # -- sections --------------------------------------------------------------------------------
    def build(self) -> Document:
        self.add(TableOfContents())
        self.summary()
        self.agreements()
        self.branches_in_kazakhstan()
        self.branches_abroad()
        self.projects()
        self.publications()
        self.programmes("joint_programmes", _("Joint educational programmes"),
                        "institutions_with_joint_programmes", "joint_programme_partner_countries")
        self.programmes("double_degree_programmes", _("Double-degree programmes"),
                        "institutions_with_double_degree_programmes", "double_degree_partner_countries")
        self.appendices()
        return self.doc.numbered()

    def summary(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("Summary card")))
        cards, quantities = [], []
        for stat_id, dim, code, title in (
            ("agreements", None, None, _("international agreements")),
            ("agreement_partner_countries", None, None, _("partner countries")),
            ("foreign_branches_in_kz", None, None, _("foreign branches and representations in Kazakhstan")),
            ("kz_branches_abroad", None, None, _("branches and representations of Kazakh HEIs abroad")),
            ("projects", "kind", "research", _("international research projects")),
            ("projects", "kind", "educational", _("international educational projects")),
            ("joint_programmes", None, None, _("joint educational programmes")),
            ("double_degree_programmes", None, None, _("double-degree programmes")),
        ):
            if stat_id == "agreements":
                now, before = self.stats.total("agreements", y), self.stats.total("agreements", p)
            elif stat_id == "agreement_partner_countries":
                now, before = self.countries_count(stat_id, "agreements_by_country", y), s.total(stat_id, p)
            elif dim:
                now, before = s.part(stat_id, y, dim, code), s.part(stat_id, p, dim, code)
            else:
                now, before = s.total(stat_id, y), s.total(stat_id, p)
            if now is None:
                continue
            cards.append((title, now, "" if not before else f"{p}: {self.n(before)}"))
            quantities.append(self.q(stat_id, **({dim: code} if dim else {})))
        self.add(KeyFigures(cards, quantities=quantities))
        total, before = self.stats.total("agreements", y), self.stats.total("agreements", p)
        if total is not None:
            countries = self.countries_count("agreement_partner_countries", "agreements_by_country", y)
            text = _("In %(year)s Kazakh HEIs had %(agreements)s in force with foreign partners in %(countries)s.") % {
                "year": y, "agreements": self.count(total, "agreements"), "countries": self.count(countries, "countries")}
            if before is not None:
                text += " " + _("Compared with %(prev)s the number of agreements %(change)s.") % {
                    "prev": p, "change": self.change(before, total)}
            self.add(self.para(text, ["agreements"], style="lead", figures=[
                (self.q("agreements"), total, self.agreements_basis(y)), (self.q("agreements", p), before),
                (self.q("agreement_partner_countries"), countries,
                 {"table": _("International agreements by partner country"), "listed": True})]))
        for stat_id, code, sentence in (
            ("projects", "research", _("The number of international research projects %(change)s.")),
            ("projects", "educational", _("The number of international educational projects %(change)s.")),
            ("double_degree_programmes", None, _("The number of double-degree programmes %(change)s.")),
        ):
            if code:
                now, old = s.part(stat_id, y, "kind", code), s.part(stat_id, p, "kind", code)
            else:
                now, old = s.total(stat_id, y), s.total(stat_id, p)
            if now is not None and old is not None:
                where = {"kind": code} if code else {}
                self.add(self.para(sentence % {"change": self.change(old, now)}, [stat_id],
                                   figures=[(self.q(stat_id, **where), now), (self.q(stat_id, p, **where), old)]))

    def agreements(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("International agreements")))
        total = self.stats.total("agreements", y)
        if total is None:
            self.add(self.no_data())
            return
        now_cat, old_cat = s.by("agreements", y, "category"), s.by("agreements", p, "category")
        if now_cat:
            self.add(Heading(2, _("Agreements by HEI category")))
            parts = [
                f"{label('category', c, self.lang)}: {self.n(now_cat[c])}" + (f" ({p}: {self.n(old_cat[c])})" if c in old_cat else "")
                for c in CATEGORIES if c in now_cat
            ]
            self.add(self.para(_("By category of HEI: %(list)s.") % {"list": "; ".join(parts)}, ["agreements"],
                               figures=[(self.q("agreements", category=c), now_cat[c]) for c in CATEGORIES if c in now_cat]))
            codes = [c for c in CATEGORIES if c in now_cat or c in old_cat] + [c for c in now_cat if c not in CATEGORIES]
            rows = [self.yoy_row(label("category", c, self.lang), old_cat.get(c), now_cat.get(c)) for c in codes]
            old_total = self.stats.total("agreements", p)
            # what the categories leave out of the total (6 in 2023: the published categories add up to the
            # headline 6 044, the country rows to 6 050) is a row of its own, so the rows add up to the total
            rest = [t - sum(by.values()) if t is not None else 0 for t, by in ((old_total, old_cat), (total, now_cat))]
            if any(rest):
                rows.append([self.row_label("category", ""), rest[0] or "", rest[1] or "", ""])
            self.add(Table(_("International agreements by HEI category"),
                           [pgettext("report", "HEI category"), str(p), str(y), pgettext("report", "Change")], rows,
                           total=[pgettext("report", "Total"), old_total if old_total is not None else "", total, ""],
                           widths=[3, 1, 1, 3], notes=self.prev_note("agreements"),
                           quantities={(-1, 1): self.q("agreements", p), (-1, 2): self.q("agreements"),
                                       **{(r, c): self.q("agreements", year, category=code) for r, code in enumerate(codes)
                                          for c, year in ((1, p), (2, y)) if rows[r][c] != ""}}))
            self.add(Figure(_("International agreements by HEI category, %(year)s") % {"year": y},
                            self.chart("bar_chart", self.names("category", [(c, now_cat[c]) for c in codes if c in now_cat]),
                                       _("International agreements by HEI category"), "", _("agreements"))))
        by_country = {c: v for c, v in s.by("agreements_by_country", y, "country").items() if c}
        if by_country:
            self.add(Heading(2, _("Agreements by partner country")))
            top = leading(by_country, 10)
            old = s.by("agreements_by_country", p, "country")
            listed = [
                f"{label('country', c, self.lang)} — {self.n(v)}" + (f" ({p}: {self.n(old[c])})" if c in old else "")
                for c, v in top
            ]
            countries = self.countries_count("agreement_partner_countries", "agreements_by_country", y)
            countries_q = self.q("agreement_partner_countries")
            self.add(self.para(
                _("Kazakh HEIs cooperate with %(countries)s. The largest numbers of agreements are with: %(list)s.") % {
                    "countries": self.count(countries, "countries"), "list": say.join(listed, self.lang)},
                ["agreements_by_country", "agreement_partner_countries"], figures=[(countries_q, countries)] + [
                    (self.q("agreements", year, country=c), value) for c, v in top for year, value in ((y, v), (p, old.get(c)))]))
            caption, lists = self.listing(_("International agreements by partner country"), countries_q, countries, len(top))
            self.add(Figure(caption, self.chart("bar_chart", self.names("country", top),
                                                _("International agreements by partner country"), "", _("agreements")),
                            lists=lists, shown=len(top)))
            self.add(Figure(_("Partner countries of international agreements"),
                            self.chart("world_map", by_country, _("Partner countries of international agreements"),
                                       legend_title=_("agreements"),
                                       names={c: label("country", c, self.lang) for c in by_country},
                                       home_label=_("Kazakhstan"), no_data_label=_("no agreements")),
                            lists=Printed(countries_q, countries), shown=len(by_country)))
        by_region = {c: v for c, v in s.by("agreements_by_country", y, "region").items() if v}
        if by_region:
            self.add(Heading(2, _("Agreements by region")))
            region_total = sum(by_region.values())
            first, first_value = next(iter(by_region.items()))
            self.add(self.para(_("The largest share of agreements, %(share)s, is with %(region)s.") % {
                "share": say.percent(first_value, region_total, self.lang), "region": label("region", first, self.lang)},
                ["agreements_by_country"]))
            rows = [[self.row_label("region", c), v, say.percent(v, region_total, self.lang)] for c, v in by_region.items()]
            in_region = Counter(v.dimension.get("region", "") for v in s.values("agreements_by_country", y, "country"))
            basis = self.agreements_basis(y)  # published subtotals per region against their country rows
            notes = [n for c, v in by_region.items() for n in self.ledger.note(
                self.q("agreements", region=c), v, what=label("region", c, self.lang),
                **({**basis, "rows": in_region[c]} if basis else {}))]
            self.add(Table(_("International agreements by region"),
                           [pgettext("report", "Region"), pgettext("report", "Agreements"), pgettext("report", "Share")], rows,
                           total=[pgettext("report", "Total"), region_total, say.percent(region_total, region_total, self.lang)],
                           widths=[3, 1, 1], notes=notes, quantities={(-1, 1): self.q("agreements"), **{
                               (r, 1): self.q("agreements", region=c) for r, c in enumerate(by_region) if c}}))
            self.add(Figure(_("Shares of regions in international agreements"),
                            self.chart("pie_or_donut", self.names("region", by_region.items()),
                                       _("Shares of regions in international agreements"))))
        by_direction = s.by("agreements_by_direction", y, "direction")
        if by_direction:
            self.add(Heading(2, _("Agreements by direction of cooperation")))
            rows = [[self.row_label("direction", c), v, say.percent(v, total, self.lang)] for c, v in by_direction.items()]
            rest = total - sum(by_direction.values())
            if rest > 0:  # agreements whose direction the data do not give (16 in 2023: the rows add up to 6 034)
                rows.append([self.row_label("direction", ""), rest, say.percent(rest, total, self.lang)])
                self.add(Table(_("International agreements by direction of cooperation"),
                               [pgettext("report", "Direction"), pgettext("report", "Agreements"), pgettext("report", "Share")],
                               rows, total=[pgettext("report", "Total"), total, ""], widths=[4, 1, 1],
                               quantities={(-1, 1): self.q("agreements")}))
            else:  # an agreement covering several directions counts under each: the rows are not a partition
                self.add(Table(_("International agreements by direction of cooperation"),
                               [pgettext("report", "Direction"), pgettext("report", "Agreements"), pgettext("report", "Share")],
                               rows, widths=[4, 1, 1],
                               notes=[_("An agreement covering several directions counts once under each.")]))

    def _branches(self, stat_id: str, hosts_id: str, countries_id: str, heading: str, sentence: str, caption: str,
                  dim: str, dim_title: str):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, heading))
        total = s.total(stat_id, y)
        if total is None:
            self.add(self.no_data())
            return
        hosts, countries = self.branch_counts(stat_id, hosts_id, countries_id)
        text = sentence % {"year": y, "branches": self.count(total, "branches"),
                           "heis": self.count(hosts, "institutions"), "countries": self.count(countries, "countries")}
        before = s.total(stat_id, p)
        if before is not None:
            text += " " + _("Compared with %(prev)s their number %(change)s.") % {"prev": p, "change": self.change(before, total)}
        listed = {"table": heading, "listed": True}  # the appendix of that title lists every one
        lists = {"institution": self.q(hosts_id), "country": self.q(countries_id) if countries_id else self.q(stat_id, count="country")}
        self.add(self.para(text, [stat_id, hosts_id], figures=[
            (self.q(stat_id), total), (self.q(stat_id, p), before), (lists["institution"], hosts, listed),
            (lists["country"], countries, listed)]))
        by = s.by(stat_id, y, dim)
        if by:
            rows = [[self.row_label(dim, c), v] for c, v in by.items()]
            known = hosts if dim == "institution" else countries
            self.add(Table(caption, [dim_title, pgettext("report", "Branches and representations")], rows,
                           total=[pgettext("report", "Total"), sum(by.values())], widths=[4, 1],
                           quantities={(-1, 1): self.q(stat_id)}, lists={0: Printed(lists[dim], known)}))
            drawn = leading(by, 15)  # ties with the 15th kept; 'not specified' is not ranked
            shown = len([c for c, _v in drawn if c])
            title, listing = self.listing(caption, lists[dim], known, shown)
            self.add(Figure(title, self.chart("bar_chart", self.names(dim, drawn), caption, "",
                                              _("branches and representations")), lists=listing, shown=shown))

    def branches_in_kazakhstan(self):
        self._branches(
            "foreign_branches_in_kz", "institutions_hosting_foreign_branches", "", _("Branches and representations of foreign HEIs in Kazakhstan"),
            _("In %(year)s %(branches)s of foreign HEIs from %(countries)s worked at %(heis)s of Kazakhstan."),
            _("Branches and representations of foreign HEIs by country of the foreign HEI"), "country", pgettext("report", "Country"))

    def branches_abroad(self):
        self._branches(
            "kz_branches_abroad", "institutions_with_branches_abroad", "kz_branches_abroad_countries",
            _("Branches and representations of Kazakh HEIs abroad"),
            _("In %(year)s %(heis)s had %(branches)s abroad, in %(countries)s."),
            _("Branches and representations of Kazakh HEIs abroad by HEI"), "institution", pgettext("report", "HEI"))

    def projects(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("International projects")))
        research, educational = s.part("projects", y, "kind", "research"), s.part("projects", y, "kind", "educational")
        if research is None and educational is None:
            self.add(self.no_data())
            return
        total = (research or 0) + (educational or 0)
        text = _("In %(year)s Kazakh HEIs took part in %(projects)s with foreign partners: %(research)s research and %(educational)s educational.") % {
            "year": y, "projects": self.count(total, "projects"), "research": self.n(research or 0), "educational": self.n(educational or 0)}
        heis = s.total("institutions_with_projects", y)
        if heis:
            text += " " + _("%(heis)s took part in them.") % {"heis": self.count(heis, "institutions")}
        self.add(self.para(text, ["projects", "institutions_with_projects"], figures=[
            (self.q("projects"), total), (self.q("projects", kind="research"), research),
            (self.q("projects", kind="educational"), educational),
            (self.q("institutions_with_projects"), heis, {"table": _("International projects by HEI"), "listed": True})]))
        kinds = (("research", _("Research projects")), ("educational", _("Educational projects")))
        rows = [self.yoy_row(name, s.part("projects", p, "kind", k), s.part("projects", y, "kind", k)) for k, name in kinds]
        cells = {(r, c): self.q("projects", year, kind=k) for r, (k, _n) in enumerate(kinds)
                 for c, year in ((1, p), (2, y)) if rows[r][c] != ""}
        self.add(Table(_("International projects, %(prev)s and %(year)s") % {"prev": p, "year": y},
                       [pgettext("report", "Projects"), str(p), str(y), pgettext("report", "Change")], rows, widths=[2, 1, 1, 3],
                       notes=self.prev_note("projects"), quantities=cells))
        for kind, heading, sentence in (
            ("research", _("Joint research projects with foreign universities"),
             _("The number of international research projects %(change)s.")),
            ("educational", _("International educational projects"),
             _("The number of international educational projects %(change)s.")),
        ):
            self.add(Heading(2, heading))
            now, old = s.part("projects", y, "kind", kind), s.part("projects", p, "kind", kind)
            if now is None:
                self.add(self.no_data())
                continue
            if old is not None:
                self.add(self.para(sentence % {"change": self.change(old, now)}, ["projects"], figures=[
                    (self.q("projects", kind=kind), now), (self.q("projects", p, kind=kind), old)]))
            by_country = {c: v for c, v in s.by("projects_by_country", y, "country", kind=kind).items() if c}
            if by_country:
                rows = [[label("country", c, self.lang), v] for c, v in by_country.items()]
                rest = now - sum(by_country.values())
                if rest > 0:  # projects whose partner country the table by country does not give (7 research in 2023)
                    rows.append([self.row_label("country", ""), rest])
                self.add(Table(heading + " — " + _("by partner country"), [pgettext("report", "Country"), pgettext("report", "Projects")],
                               rows, total=[pgettext("report", "Total"), max(now, sum(by_country.values()))], widths=[4, 1],
                               quantities={(-1, 1): self.q("projects", kind=kind)}))
            top = leading(s.by("projects", y, "institution", kind=kind), 10)
            if top:
                heis = len([c for c in s.by("projects", y, "institution", kind=kind) if c])
                caption, lists = self.listing(heading + " — " + _("HEIs with the most projects"),
                                              self.q("projects", kind=kind, count="institution"), heis, len(top))
                self.add(Figure(caption, self.chart("bar_chart", self.names("institution", top), heading, "", _("projects")),
                                lists=lists, shown=len(top)))
        funders = s.by("projects_by_funder", y, "funder")
        if funders:
            self.add(Heading(2, _("Funders of international projects")))
            rows = [[label("funder", c, self.lang) if c else _("not specified"), v] for c, v in funders.items()]
            self.add(Table(_("International projects by funder"), [pgettext("report", "Funder"), pgettext("report", "Projects")], rows,
                           total=[pgettext("report", "Total"), sum(funders.values())], widths=[4, 1]))

    def publications(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("Publications of Kazakh HEIs in Scopus and Web of Science")))
        now, old = s.by("publications", y, "database"), s.by("publications", p, "database")
        if not now:
            self.add(self.no_data())
            return
        databases = [(code, label("database", code, self.lang)) for code in ("scopus", "wos") if code in now]
        rows = [self.yoy_row(name, old.get(code), now.get(code)) for code, name in databases]
        sentences = []
        for code, name in databases:
            if code in old:
                sentences.append(_("%(database)s: %(publications)s in %(year)s; compared with %(prev)s the number %(change)s.") % {
                    "database": name, "publications": self.count(now[code], "publications"), "year": y, "prev": p,
                    "change": self.change(old[code], now[code])})
            else:
                sentences.append(_("%(database)s: %(publications)s in %(year)s.") % {
                    "database": name, "publications": self.count(now[code], "publications"), "year": y})
        by_field = {code: s.by("publications", y, "field", database=code) for code, _n in databases}
        fields_caption = _("Publications by field of education, %(year)s") % {"year": y}
        self.add(self.para(" ".join(sentences), ["publications"], figures=[
            figure for code, _n in databases for figure in (
                (self.q("publications", database=code), now[code],
                 {} if self.from_records("publications") else {"rows": len(by_field[code]), "table": fields_caption}),
                (self.q("publications", p, database=code), old.get(code)))]))
        self.add(Table(_("Publications in Scopus and Web of Science, %(prev)s and %(year)s") % {"prev": p, "year": y},
                       [pgettext("report", "Database"), str(p), str(y), pgettext("report", "Change")], rows, widths=[2, 1, 1, 3],
                       notes=self.prev_note("publications"),
                       quantities={(r, c): self.q("publications", year, database=code) for r, (code, _n) in enumerate(databases)
                                   for c, year in ((1, p), (2, y)) if rows[r][c] != ""}))
        fields = sorted({f for d in by_field.values() for f in d}, key=lambda f: (f == "", f))
        if fields:
            rows = [[label("field", f, self.lang)] + [by_field[code].get(f, 0) for code, _n in databases] for f in fields]
            self.add(Table(fields_caption,
                           [pgettext("report", "Field of education")] + [name for _c, name in databases], rows,
                           total=[pgettext("report", "Total")] + [sum(by_field[code].values()) for code, _n in databases],
                           widths=[4] + [1] * len(databases),
                           quantities={(-1, 1 + i): self.q("publications", database=code) for i, (code, _n) in enumerate(databases)}))
        for code, name in databases:
            by_hei = s.by("publications_by_institution", y, "institution", database=code)
            top = leading(by_hei, 10)
            if top:
                caption, lists = self.listing(_("Leading HEIs by number of publications in %(database)s") % {"database": name},
                                              self.q("publications_by_institution", database=code, count="institution"),
                                              len([c for c in by_hei if c]), len(top))
                self.add(Figure(caption, self.chart("bar_chart", self.names("institution", top), name, "", _("publications")),
                                lists=lists, shown=len(top)))

    def programmes(self, stat_id: str, heading: str, heis_id: str, countries_id: str):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, heading))
        total = s.total(stat_id, y)
        if total is None:
            self.add(self.no_data())
            return
        enrolment = s.total(f"{stat_id}_enrolment", y)
        heis = s.total(heis_id, y) or len([c for c in s.by(stat_id, y, "institution") if c])
        countries = self.countries_count(countries_id, stat_id, y)
        text = _("In %(year)s %(heis)s ran %(programmes)s with partners from %(countries)s.") % {
            "year": y, "heis": self.count(heis, "institutions"), "programmes": self.count(total, "programmes"),
            "countries": self.count(countries, "countries")}
        if enrolment is not None:
            text += " " + _("They enrolled %(students)s.") % {"students": self.count(enrolment, "students")}
        old = s.total(stat_id, p)
        if old is not None:
            text += " " + _("Compared with %(prev)s the number of programmes %(change)s.") % {
                "prev": p, "change": self.change(old, total)}
        old_enrolment = s.total(f"{stat_id}_enrolment", p)
        if enrolment is not None and old_enrolment:
            text += " " + _("Enrolment %(change)s.") % {"change": self.change(old_enrolment, enrolment)}
        else:
            old_enrolment = None
        by_hei, by_partner = heading + " — " + _("by HEI"), heading + " — " + _("by partner country")  # appendix titles
        self.add(self.para(text, [stat_id, f"{stat_id}_enrolment", heis_id], figures=[
            (self.q(stat_id), total), (self.q(stat_id, p), old), (self.q(f"{stat_id}_enrolment"), enrolment),
            (self.q(f"{stat_id}_enrolment", p), old_enrolment), (self.q(heis_id), heis, {"table": by_hei, "listed": True}),
            (self.q(countries_id), countries, {"table": by_partner, "listed": True})]))
        years = [yr for yr in range(y - 3, y + 1) if s.by(stat_id, yr, "level")]
        if years:
            by_level = {yr: s.by(stat_id, yr, "level") for yr in years}
            levels = [lv for lv in LEVELS if any(lv in by_level[yr] for yr in years)]
            rows = [[label("level", lv, self.lang)] + [by_level[yr].get(lv, "") for yr in years] for lv in levels]
            self.add(Table(heading + " — " + _("by level of study"), [pgettext("report", "Level")] + [str(yr) for yr in years], rows,
                           widths=[3] + [1] * len(years), notes=self.prev_note(stat_id)))
            if len(years) > 1:
                series = {label("level", lv, self.lang): {yr: by_level[yr][lv] for yr in years if lv in by_level[yr]} for lv in levels}
                self.add(Figure(heading + " — " + _("by level of study, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]},
                                self.chart("line_chart", series, heading, "", _("programmes"))))
            enrol_level = s.by(f"{stat_id}_enrolment", y, "level")
            if enrol_level:
                rows = [[label("level", lv, self.lang), by_level.get(y, {}).get(lv, 0), enrol_level.get(lv, 0)] for lv in levels]
                self.add(Table(heading + " — " + _("programmes and enrolment by level, %(year)s") % {"year": y},
                               [pgettext("report", "Level"), pgettext("report", "Programmes"), pgettext("report", "Students")], rows,
                               total=[pgettext("report", "Total"), total, enrolment if enrolment is not None else ""], widths=[3, 1, 1],
                               quantities={(-1, 1): self.q(stat_id), **({(-1, 2): self.q(f"{stat_id}_enrolment")}
                                                                       if enrolment is not None else {})}))
        by_country = {c: v for c, v in s.by(stat_id, y, "country").items() if c}
        if by_country:
            drawn = leading(by_country, 15)
            caption, lists = self.listing(by_partner, self.q(countries_id), countries, len(drawn))
            self.add(Figure(caption, self.chart("bar_chart", self.names("country", drawn), heading, "", _("programmes")),
                            lists=lists, shown=len(drawn)))
        by_field = s.by(f"{stat_id}_enrolment", y, "field")
        if by_field and enrolment:
            shares = [f"{label('field', c, self.lang)} ({say.percent(v, enrolment, self.lang)})" for c, v in leading(by_field, 5)]
            self.add(self.para(_("By enrolment, the main fields of study are %(list)s.") % {"list": say.join(shares, self.lang)},
                               [f"{stat_id}_enrolment"]))


def build_national_report(year: int, lang: str, cache: dict | None = None) -> Document:
    """The national report for `year` in `lang`; pass one `cache` dict to share computations across languages.

    Each explanation of an audit finding is one footnote in the document (at its first figure),
    whoever calls this — the `report` command, the portal or a test.
    """
    from intlmon.quality.explanations import one_footnote_each

    with translation.override(lang), session(), one_footnote_each():
        return NationalReport(year, lang, Reader(year, national=True, store=cache)).build()
