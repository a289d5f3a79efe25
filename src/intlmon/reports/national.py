"""The national analytic report on the international activity of Kazakh HEIs (seed 001's structure).

Summary card; international agreements (by HEI category, country, region, direction); foreign
branches in Kazakhstan; Kazakh branches abroad; international projects (research, educational,
funders); Scopus / Web of Science publications; joint programmes; double-degree programmes;
appendices as tables. Every number comes from `intlmon.analytics.registry` (this year from the
records, earlier years as published when there are no records); shares, ranks and changes are
computed here from those values, and the wording of changes comes from `intlmon.analytics.yoy`, so
the report cannot repeat the arithmetic slips of the hand-written one ("167 → 159 is −0,5 %").
Footnotes are the explanations analysts gave for audit findings (`intlmon.quality.explanations`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from intlmon.reports import narrative as say
from intlmon.reports.document import (
    Document,
    Figure,
    Heading,
    KeyFigures,
    Paragraph,
    Table,
    TableOfContents,
    format_number,
)

CATEGORIES = ("national", "state", "joint_stock", "private", "international")
LEVELS = ("bachelor", "master", "doctorate")


class Stats:
    """Results of the statistics registry, computed once per (statistic, year) and shared across languages."""

    def __init__(self, cache: dict | None = None):
        self.cache = cache if cache is not None else {}

    def get(self, stat_id: str, year: int):
        key = (stat_id, year)
        if key not in self.cache:
            from intlmon.analytics.registry import compute

            try:
                self.cache[key] = compute(stat_id, year)
            except KeyError:
                self.cache[key] = None
        return self.cache[key]

    def total(self, stat_id: str, year: int) -> int | Decimal | None:
        result = self.get(stat_id, year)
        if result is None or result.is_empty:
            return None
        return result.total()

    def by(self, stat_id: str, year: int, dim: str) -> dict[str, int | Decimal]:
        result = self.get(stat_id, year)
        if result is None or result.is_empty or dim not in result.statistic.dimensions:
            return {}
        try:
            return result.by(dim)
        except (KeyError, ValueError):
            return {}


def label(dim: str, code: str, lang: str) -> str:
    """Display name of a dimension code; 'not specified' for the empty code."""
    if not code:
        return _("not specified")
    try:
        from intlmon.analytics.labels import label as analytics_label
    except ImportError:
        analytics_label = None
    if analytics_label is not None:
        return analytics_label(dim, code, lang)
    return _fallback_label(dim, code, lang)


def _fallback_label(dim: str, code: str, lang: str) -> str:
    from intlmon.registry import models as reg

    model = {"country": reg.Country, "region": reg.Region, "institution": reg.Institution,
             "field": reg.FieldOfEducation}.get(dim)
    if model is not None:
        key = "code" if dim in ("country", "region", "field") else "pk"
        obj = model.objects.filter(**{key: code}).first()
        return obj.display_name(lang) if obj else code
    if dim == "category":
        return str(dict(reg.InstitutionCategory.Category.choices).get(code, code))
    return code


def footnotes(year: int, statistic_ids: Iterable[str]) -> list[str]:
    """Explanations analysts gave for audit findings on these statistics (none until quality exists)."""
    try:
        from intlmon.quality.explanations import footnotes_for
    except ImportError:
        return []
    try:
        return [f.text for f in footnotes_for(year, list(statistic_ids)) if f.text]
    except Exception:  # noqa: BLE001 - a broken audit must not stop the report; the audit reports itself
        return []


class NationalReport:
    def __init__(self, year: int, lang: str, stats: Stats):
        self.year, self.prev, self.lang, self.stats = year, year - 1, lang, stats
        self.doc = Document(
            title=_("International activity of Kazakhstan's higher education institutions in %(year)s") % {"year": year},
            subtitle=_("Analytic report on the results of monitoring"),
            lang=lang,
            author=_("National Centre for Higher Education Development"),
        )

    # -- small helpers ---------------------------------------------------------------------------
    def n(self, value) -> str:
        return format_number(value, self.lang)

    def count(self, value, unit: str) -> str:
        return say.count(value, unit, self.lang)

    def change(self, old, new, unit: str | None = None) -> str:
        return say.change(old, new, self.lang, unit)

    def names(self, dim: str, items: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
        return [(label(dim, code, self.lang), value) for code, value in items]

    def para(self, text: str, stat_ids: Iterable[str] = (), style: str = "") -> Paragraph:
        return Paragraph(text, footnotes=footnotes(self.year, stat_ids), style=style)

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
        self.programmes("joint_programmes", _("Joint educational programmes"))
        self.programmes("double_degree_programmes", _("Double-degree programmes"))
        self.appendices()
        return self.doc.numbered()

    def summary(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("Summary card")))
        cards = []
        for stat_id, title in (
            ("agreements", _("international agreements")),
            ("foreign_branches_in_kz", _("foreign branches and representations in Kazakhstan")),
            ("kz_branches_abroad", _("branches and representations of Kazakh HEIs abroad")),
            ("projects_research", _("international research projects")),
            ("projects_educational", _("international educational projects")),
            ("joint_programmes", _("joint educational programmes")),
            ("double_degree_programmes", _("double-degree programmes")),
        ):
            now, before = s.total(stat_id, y), s.total(stat_id, p)
            if now is None:
                continue
            small = "" if before is None else f"{p}: {self.n(before)}"
            cards.append((title, now, small))
        countries = [c for c in s.by("agreements", y, "country") if c]
        if countries:
            cards.insert(1, (_("partner countries"), len(countries), ""))
        self.add(KeyFigures(cards))
        total, before = s.total("agreements", y), s.total("agreements", p)
        if total is not None:
            text = _("In %(year)s Kazakh HEIs had %(agreements)s in force with foreign partners in %(countries)s.") % {
                "year": y, "agreements": self.count(total, "agreements"), "countries": self.count(len(countries), "countries")}
            if before is not None:
                text += " " + _("Compared with %(prev)s the number of agreements %(change)s.") % {
                    "prev": p, "change": self.change(before, total, "agreements")}
            self.add(self.para(text, ["agreements"], style="lead"))
        for stat_id, sentence in (
            ("projects_research", _("The number of international research projects %(change)s.")),
            ("projects_educational", _("The number of international educational projects %(change)s.")),
            ("double_degree_programmes", _("The number of double-degree programmes %(change)s.")),
        ):
            now, old = s.total(stat_id, y), s.total(stat_id, p)
            if now is not None and old is not None:
                self.add(self.para(sentence % {"change": self.change(old, now, "projects" if "projects" in stat_id else "programmes")}, [stat_id]))

    def agreements(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("International agreements")))
        total = s.total("agreements", y)
        if total is None:
            self.add(self.no_data())
            return
        now_cat, old_cat = s.by("agreements", y, "category"), s.by("agreements", p, "category")
        if now_cat:
            self.add(Heading(2, _("Agreements by HEI category")))
            parts = [
                _("%(category)s HEIs: %(count)s") % {"category": label("category", c, self.lang), "count": self.n(now_cat[c])}
                + (f" ({p}: {self.n(old_cat[c])})" if c in old_cat else "")
                for c in CATEGORIES if c in now_cat
            ]
            self.add(self.para(_("By category of HEI: %(list)s.") % {"list": "; ".join(parts)}, ["agreements"]))
            codes = [c for c in CATEGORIES if c in now_cat or c in old_cat] + [c for c in now_cat if c not in CATEGORIES]
            rows = [self.yoy_row(label("category", c, self.lang), old_cat.get(c), now_cat.get(c)) for c in codes]
            self.add(Table(_("International agreements by HEI category"),
                           [_("HEI category"), str(p), str(y), _("Change")], rows,
                           total=[_("Total"), s.total("agreements", p) or "", total, ""], widths=[3, 1, 1, 3],
                           notes=self.prev_note("agreements")))
            self.add(Figure(_("International agreements by HEI category, %(year)s") % {"year": y},
                            self.chart("bar_chart", self.names("category", [(c, now_cat[c]) for c in codes if c in now_cat]),
                                       _("International agreements by HEI category"), "", _("agreements"))))
        by_country = {c: v for c, v in s.by("agreements", y, "country").items() if c}
        if by_country:
            self.add(Heading(2, _("Agreements by partner country")))
            result = s.get("agreements", y)
            top = result.top(10, "country")
            old = s.by("agreements", p, "country")
            listed = [
                f"{label('country', v.dimension['country'], self.lang)} — {self.n(v.value)}"
                + (f" ({p}: {self.n(old[v.dimension['country']])})" if v.dimension["country"] in old else "")
                for _rank, v in top
            ]
            self.add(self.para(
                _("Kazakh HEIs cooperate with %(countries)s. The largest numbers of agreements are with: %(list)s.") % {
                    "countries": self.count(len(by_country), "countries"), "list": say.join(listed, self.lang)},
                ["agreements"]))
            self.add(Figure(_("International agreements by partner country, top %(n)s") % {"n": len(top)},
                            self.chart("bar_chart", [(label("country", v.dimension["country"], self.lang), v.value) for _r, v in top],
                                       _("International agreements by partner country"), "", _("agreements"))))
            self.add(Figure(_("Partner countries of international agreements"),
                            self.chart("world_map", by_country, _("Partner countries of international agreements"),
                                       legend_title=_("agreements"),
                                       names={c: label("country", c, self.lang) for c in by_country},
                                       home_label=_("Kazakhstan"), no_data_label=_("no agreements"))))
        by_region = s.by("agreements", y, "region")
        if by_region:
            self.add(Heading(2, _("Agreements by region")))
            region_total = sum(by_region.values())
            first, first_value = next(iter(by_region.items()))
            self.add(self.para(_("The largest share of agreements, %(share)s, is with %(region)s.") % {
                "share": say.percent(first_value, region_total, self.lang), "region": label("region", first, self.lang)},
                ["agreements"]))
            rows = [[label("region", c, self.lang), v, say.percent(v, region_total, self.lang)] for c, v in by_region.items()]
            self.add(Table(_("International agreements by region"), [_("Region"), _("Agreements"), _("Share")], rows,
                           total=[_("Total"), region_total, say.percent(region_total, region_total, self.lang)], widths=[3, 1, 1]))
            self.add(Figure(_("Shares of regions in international agreements"),
                            self.chart("pie_or_donut", self.names("region", by_region.items()),
                                       _("Shares of regions in international agreements"))))
        by_direction = s.by("agreements", y, "direction")
        if by_direction:
            self.add(Heading(2, _("Agreements by direction of cooperation")))
            direction_total = sum(by_direction.values())
            rows = [[label("direction", c, self.lang), v, say.percent(v, direction_total, self.lang)] for c, v in by_direction.items()]
            self.add(Table(_("International agreements by direction of cooperation"),
                           [_("Direction"), _("Agreements"), _("Share")], rows, widths=[4, 1, 1],
                           notes=[_("An agreement may cover several directions.")]))

    def _branches(self, stat_id: str, heading: str, sentence: str, caption: str, dim: str, dim_title: str):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, heading))
        total = s.total(stat_id, y)
        if total is None:
            self.add(self.no_data())
            return
        hosts = [c for c in s.by(stat_id, y, "institution") if c]
        countries = [c for c in s.by(stat_id, y, "country") if c]
        text = sentence % {"year": y, "branches": self.count(total, "branches"),
                           "heis": self.count(len(hosts), "institutions"), "countries": self.count(len(countries), "countries")}
        before = s.total(stat_id, p)
        if before is not None:
            text += " " + _("Compared with %(prev)s their number %(change)s.") % {"prev": p, "change": self.change(before, total, "branches")}
        self.add(self.para(text, [stat_id]))
        by = s.by(stat_id, y, dim)
        if by:
            rows = [[label(dim, c, self.lang), v] for c, v in by.items()]
            self.add(Table(caption, [dim_title, _("Branches and representations")], rows, total=[_("Total"), sum(by.values())], widths=[4, 1]))
            self.add(Figure(caption, self.chart("bar_chart", self.names(dim, list(by.items())[:15]), caption, "", _("branches and representations"))))

    def branches_in_kazakhstan(self):
        self._branches(
            "foreign_branches_in_kz", _("Branches and representations of foreign HEIs in Kazakhstan"),
            _("In %(year)s %(branches)s of foreign HEIs from %(countries)s worked at %(heis)s of Kazakhstan."),
            _("Branches and representations of foreign HEIs by country of the foreign HEI"), "country", _("Country"))

    def branches_abroad(self):
        self._branches(
            "kz_branches_abroad", _("Branches and representations of Kazakh HEIs abroad"),
            _("In %(year)s %(heis)s had %(branches)s abroad, in %(countries)s."),
            _("Branches and representations of Kazakh HEIs abroad by HEI"), "institution", _("HEI"))

    def projects(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("International projects")))
        research, educational = s.total("projects_research", y), s.total("projects_educational", y)
        if research is None and educational is None:
            self.add(self.no_data())
            return
        total = (research or 0) + (educational or 0)
        text = _("In %(year)s Kazakh HEIs took part in %(projects)s with foreign partners: %(research)s research and %(educational)s educational.") % {
            "year": y, "projects": self.count(total, "projects"), "research": self.n(research or 0), "educational": self.n(educational or 0)}
        self.add(self.para(text, ["projects_research", "projects_educational"]))
        rows = [self.yoy_row(name, s.total(i, p), s.total(i, y)) for i, name in (
            ("projects_research", _("Research projects")), ("projects_educational", _("Educational projects")))]
        self.add(Table(_("International projects, %(prev)s and %(year)s") % {"prev": p, "year": y},
                       [_("Projects"), str(p), str(y), _("Change")], rows, widths=[2, 1, 1, 3],
                       notes=self.prev_note("projects_research", "projects_educational")))
        for stat_id, heading, sentence in (
            ("projects_research", _("Joint research projects with foreign universities"),
             _("The number of international research projects %(change)s.")),
            ("projects_educational", _("International educational projects"),
             _("The number of international educational projects %(change)s.")),
        ):
            self.add(Heading(2, heading))
            now, old = s.total(stat_id, y), s.total(stat_id, p)
            if now is None:
                self.add(self.no_data())
                continue
            if old is not None:
                self.add(self.para(sentence % {"change": self.change(old, now, "projects")}, [stat_id]))
            by_country = {c: v for c, v in s.by(stat_id, y, "country").items() if c}
            if by_country:
                rows = [[label("country", c, self.lang), v] for c, v in by_country.items()]
                self.add(Table(heading + " — " + _("by partner country"), [_("Country"), _("Projects")], rows,
                               total=[_("Total"), sum(by_country.values())], widths=[4, 1]))
            result = s.get(stat_id, y)
            if result is not None and "institution" in result.statistic.dimensions:
                top = result.top(10, "institution")
                if top:
                    self.add(Figure(heading + " — " + _("HEIs with the most projects"),
                                    self.chart("bar_chart", [(label("institution", v.dimension["institution"], self.lang), v.value) for _r, v in top],
                                               heading, "", _("projects"))))
        funders = {}
        for stat_id in ("projects_research", "projects_educational"):
            for code, v in s.by(stat_id, y, "funder").items():
                funders[code] = funders.get(code, 0) + v
        if funders:
            self.add(Heading(2, _("Funders of international projects")))
            rows = [[code or _("not specified"), v] for code, v in sorted(funders.items(), key=lambda kv: -kv[1])]
            self.add(Table(_("International projects by funder"), [_("Funder"), _("Projects")], rows, widths=[4, 1]))

    def publications(self):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, _("Publications of Kazakh HEIs in Scopus and Web of Science")))
        databases = (("publications_scopus", "Scopus"), ("publications_wos", "Web of Science"))
        rows, any_data = [], False
        for stat_id, name in databases:
            now, old = s.total(stat_id, y), s.total(stat_id, p)
            any_data |= now is not None
            rows.append(self.yoy_row(name, old, now))
        if not any_data:
            self.add(self.no_data())
            return
        sentences = [
            _("%(database)s: %(publications)s in %(year)s; compared with %(prev)s the number %(change)s.") % {
                "database": name, "publications": self.count(r[2], "publications"), "year": y, "prev": p, "change": r[3]}
            if r[1] != "" else _("%(database)s: %(publications)s in %(year)s.") % {
                "database": name, "publications": self.count(r[2], "publications"), "year": y}
            for (_i, name), r in zip(databases, rows, strict=True) if r[2] != ""
        ]
        self.add(self.para(" ".join(sentences), [d for d, _n in databases]))
        self.add(Table(_("Publications in Scopus and Web of Science, %(prev)s and %(year)s") % {"prev": p, "year": y},
                       [_("Database"), str(p), str(y), _("Change")], rows, widths=[2, 1, 1, 3],
                       notes=self.prev_note("publications_scopus", "publications_wos")))
        fields = sorted({c for stat_id, _n in databases for c in s.by(stat_id, y, "field")})
        if fields:
            by = {stat_id: s.by(stat_id, y, "field") for stat_id, _n in databases}
            rows = [[label("field", c, self.lang), by["publications_scopus"].get(c, 0), by["publications_wos"].get(c, 0)] for c in fields]
            self.add(Table(_("Publications by field of education, %(year)s") % {"year": y},
                           [_("Field of education"), "Scopus", "Web of Science"], rows,
                           total=[_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows)], widths=[4, 1, 1]))
        for stat_id, name in databases:
            result = s.get(stat_id, y)
            if result is not None and not result.is_empty and "institution" in result.statistic.dimensions:
                top = result.top(10, "institution")
                if top:
                    self.add(Figure(_("Leading HEIs by number of publications in %(database)s") % {"database": name},
                                    self.chart("bar_chart", [(label("institution", v.dimension["institution"], self.lang), v.value) for _r, v in top],
                                               name, "", _("publications"))))

    def programmes(self, stat_id: str, heading: str):
        s, y, p = self.stats, self.year, self.prev
        self.add(Heading(1, heading))
        total = s.total(stat_id, y)
        if total is None:
            self.add(self.no_data())
            return
        enrolment = s.total(f"{stat_id}_enrolment", y)
        heis = [c for c in s.by(stat_id, y, "institution") if c]
        countries = [c for c in s.by(stat_id, y, "country") if c]
        text = _("In %(year)s %(heis)s ran %(programmes)s with partners from %(countries)s.") % {
            "year": y, "heis": self.count(len(heis), "institutions"), "programmes": self.count(total, "programmes"),
            "countries": self.count(len(countries), "countries")}
        if enrolment is not None:
            text += " " + _("They enrolled %(students)s.") % {"students": self.count(enrolment, "students")}
        old = s.total(stat_id, p)
        if old is not None:
            text += " " + _("Compared with %(prev)s the number of programmes %(change)s.") % {
                "prev": p, "change": self.change(old, total, "programmes")}
        old_enrolment = s.total(f"{stat_id}_enrolment", p)
        if enrolment is not None and old_enrolment is not None:
            text += " " + _("Enrolment %(change)s.") % {"change": self.change(old_enrolment, enrolment, "students")}
        self.add(self.para(text, [stat_id, f"{stat_id}_enrolment"]))
        # by level, with the earlier years as far as they are known
        years = [yr for yr in range(y - 3, y + 1) if s.by(stat_id, yr, "level")]
        if years:
            by_level = {yr: s.by(stat_id, yr, "level") for yr in years}
            enrol_level = {yr: s.by(f"{stat_id}_enrolment", yr, "level") for yr in years}
            levels = [lv for lv in LEVELS if any(lv in by_level[yr] for yr in years)]
            rows = []
            for lv in levels:
                rows.append([label("level", lv, self.lang)] + [by_level[yr].get(lv, "") for yr in years])
            self.add(Table(heading + " — " + _("by level of study"), [_("Level")] + [str(yr) for yr in years], rows,
                           widths=[3] + [1] * len(years), notes=self.prev_note(stat_id)))
            series = {label("level", lv, self.lang): {yr: by_level[yr][lv] for yr in years if lv in by_level[yr]} for lv in levels}
            if len(years) > 1:
                self.add(Figure(heading + " — " + _("by level of study, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]},
                                self.chart("line_chart", series, heading, "", _("programmes"))))
            if enrol_level.get(y):
                rows = [[label("level", lv, self.lang), by_level[y].get(lv, 0), enrol_level[y].get(lv, 0)] for lv in levels]
                self.add(Table(heading + " — " + _("programmes and enrolment by level, %(year)s") % {"year": y},
                               [_("Level"), _("Programmes"), _("Students")], rows,
                               total=[_("Total"), total, enrolment if enrolment is not None else ""], widths=[3, 1, 1]))
        by_country = {c: v for c, v in s.by(stat_id, y, "country").items() if c}
        if by_country:
            self.add(Figure(heading + " — " + _("by partner country"),
                            self.chart("bar_chart", self.names("country", list(by_country.items())[:15]), heading, "", _("programmes"))))
        by_field = s.by(f"{stat_id}_enrolment", y, "field")
        if by_field and enrolment:
            shares = [f"{label('field', c, self.lang)} ({say.percent(v, enrolment, self.lang)})" for c, v in list(by_field.items())[:5] if c]
            self.add(self.para(_("By enrolment, the main fields of study are %(list)s.") % {"list": say.join(shares, self.lang)}, [f"{stat_id}_enrolment"]))

    def appendices(self):
        s, y = self.stats, self.year
        self.add(Heading(1, _("Appendices")))
        n = 0

        def appendix(title: str, columns: list[str], rows: list[list], widths: list[float], total=None):
            nonlocal n
            if not rows:
                return
            n += 1
            self.add(Heading(2, _("Appendix %(n)s. %(title)s") % {"n": n, "title": title}))
            self.add(Table(title, columns, rows, total=total, widths=widths, landscape=len(columns) > 4))

        by_country = s.by("agreements", y, "country")
        result = s.get("agreements", y)
        if by_country and result is not None and "region" in result.statistic.dimensions:
            regions = {}
            for v in result.values:
                if "country" in v.dimension and v.dimension.get("region"):
                    regions[v.dimension["country"]] = v.dimension["region"]
            rows = [[label("region", regions.get(c, ""), self.lang), label("country", c, self.lang), v] for c, v in by_country.items()]
            rows.sort(key=lambda r: (r[0], -r[2]))
            appendix(_("International agreements by partner country"), [_("Region"), _("Country"), _("Agreements")], rows,
                     [2, 3, 1], total=["", _("Total"), sum(by_country.values())])
        for stat_id, title in (("kz_branches_abroad", _("Branches and representations of Kazakh HEIs abroad")),
                               ("foreign_branches_in_kz", _("Branches and representations of foreign HEIs in Kazakhstan"))):
            result = s.get(stat_id, y)
            if result is None or result.is_empty:
                continue
            rows = sorted(
                ([label("institution", v.dimension.get("institution", ""), self.lang), label("country", v.dimension.get("country", ""), self.lang), v.value]
                 for v in result.values if "institution" in v.dimension and "country" in v.dimension),
                key=lambda r: (r[0], r[1]))
            appendix(title, [_("HEI"), _("Country"), _("Number")], rows, [4, 2, 1], total=["", _("Total"), sum(r[2] for r in rows)] if rows else None)
        research = s.by("projects_research", y, "institution")
        educational = s.by("projects_educational", y, "institution")
        if research or educational:
            codes = sorted(set(research) | set(educational), key=lambda c: -(research.get(c, 0) + educational.get(c, 0)))
            rows = [[label("institution", c, self.lang), educational.get(c, 0), research.get(c, 0)] for c in codes]
            appendix(_("International projects by HEI"), [_("HEI"), _("Educational projects"), _("Research projects")], rows, [5, 1, 1],
                     total=[_("Total"), sum(educational.values()), sum(research.values())])
        for stat_id, title in (("joint_programmes", _("Joint educational programmes")),
                               ("double_degree_programmes", _("Double-degree programmes"))):
            for dim, dim_title in (("institution", _("HEI")), ("country", _("Partner country"))):
                count = s.by(stat_id, y, dim)
                enrol = s.by(f"{stat_id}_enrolment", y, dim)
                if not count:
                    continue
                rows = [[label(dim, c, self.lang), v, enrol.get(c, "")] for c, v in count.items()]
                appendix(title + " — " + (_("by HEI") if dim == "institution" else _("by partner country")),
                         [dim_title, _("Programmes"), _("Students")], rows, [5, 1, 1],
                         total=[_("Total"), sum(count.values()), sum(enrol.values()) if enrol else ""])


def build_national_report(year: int, lang: str, cache: dict | None = None) -> Document:
    """The national report for `year` in `lang`; pass one `cache` dict to share computations across languages."""
    with translation.override(lang):
        return NationalReport(year, lang, Stats(cache)).build()
