"""The bilateral country note: Kazakhstan's higher-education cooperation with one country in one year.

Follows the France note of the Centre (mobility both ways, international students, staff exchange,
visiting specialists by funding, degree, field and format, agreements, projects, double-degree
programmes) for any country. Every number is read through the read service (`analytics.read`),
restricted to the country; sentences come from the gettext catalogue with plural forms, so
"1 договор / 2 договора / 5 договоров" is right in every language. A section without data says so
in one sentence instead of showing an empty table. Sentences name the country in the headings and
say "this country" in the text, which needs no case endings in Kazakh or Russian.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intlmon.analytics.read import Reader, Topic, label, session
from intlmon.reports import country_rows as rows
from intlmon.reports.country_stated import DEGREES, SPECIALTIES, Citation, StatedFigures
from intlmon.reports.document import (
    Document,
    Figure,
    Heading,
    KeyFigures,
    Paragraph,
    Printed,
    Table,
    format_number,
    quantity,
)

OUTBOUND_STUDENTS = Topic(("mobility_by_country", "mobility_by_institution", "mobility_by_field", "mobility"),
                          {"direction": "outbound", "person": "student"})
INBOUND_STUDENTS = Topic(OUTBOUND_STUDENTS.ids, {"direction": "inbound", "person": "student"})
OUTBOUND_STAFF = Topic(OUTBOUND_STUDENTS.ids, {"direction": "outbound", "person": "staff"})
INBOUND_STAFF = Topic(OUTBOUND_STUDENTS.ids, {"direction": "inbound", "person": "staff"})
INTERNATIONAL_STUDENTS = Topic(("international_students", "international_students_by_institution"))
VISITING = Topic(("visiting_faculty_by_country", "visiting_faculty", "visiting_faculty_by_field"))
AGREEMENTS = Topic(("agreements_by_country", "agreements", "agreements_by_direction"))
PROJECTS = Topic(("projects_by_country", "projects", "projects_by_field", "projects_by_funder"))
DDP = Topic(("double_degree_programmes",))
DDP_ENROLMENT = Topic(("double_degree_programmes_enrolment",))
DDP_LANGUAGES = Topic(("double_degree_programmes_by_language",))
LIST_AT_MOST = 15  # programmes listed one by one in a note; more are tabulated by HEI


class CountryNote:
    def __init__(self, alpha2: str, year: int, lang: str, reader: Reader | None = None):
        self.code, self.year, self.lang = alpha2.upper(), year, lang
        self.reader = reader or Reader(year)  # records of the year, a bilateral slice included
        self.country = label("country", self.code, lang)
        self.stated = StatedFigures(self.code, year)  # what a bilateral source states, with its lines
        self.doc = Document(
            title=_("Kazakhstan – %(country)s: cooperation in higher education") % {"country": self.country},
            subtitle=_("Bilateral note, %(year)s") % {"year": year},
            lang=lang,
            author=_("National Centre for Higher Education Development"),
        )

    # -- helpers -------------------------------------------------------------------------------------
    def slice(self, topic: Topic):
        return self.reader.slice(topic, {"country": self.code})

    def n(self, value) -> str:
        return format_number(value, self.lang)

    def say(self, sentence: str, n) -> str:
        """Fill an ngettext sentence (chosen by the caller, so makemessages sees it) with the number
        formatted for the language."""
        return sentence % {"n": self.n(n), "year": self.year}

    def breakdown(self, title: str, dim: str, values: dict, footnotes: list[str] | None = None) -> Paragraph | None:
        """'By source of funding: extra-budgetary funds — 22, republican budget — 3.'"""
        known = {k: v for k, v in values.items() if k}
        if not known:
            return None
        items = [f"{self.name(dim, code)} — {self.n(v)}" for code, v in known.items()]
        unknown = values.get("")
        if unknown:
            items.append(f"{label(dim, '', self.lang)} — {self.n(unknown)}")
        return Paragraph(f"{title}: {'; '.join(items)}.", footnotes=list(footnotes or []))

    def name(self, dim: str, code: str) -> str:
        """A code's name in the note's language; degrees and specialties as the bilateral source gives them."""
        if dim == "degree" and code in DEGREES:
            return str(DEGREES[code])
        if dim == "specialty":
            return str(SPECIALTIES.get(code, code))
        if dim == "partner":
            return self.partner_names.get(code, code)
        return label(dim, code, self.lang)

    def source_list(self, title: str, listed: list) -> Paragraph:
        """A list as the source prints it, name by name: the HEI's name when the printed one resolved,
        else the printed name marked as awaiting review (so "AIMU – 27" is neither lost nor guessed)."""
        items = []
        for v in listed:
            code, printed = v.dimension.get("institution", ""), v.dimension.get("name", "")
            name = label("institution", code, self.lang) if code else _("%(name)s (name awaiting review)") % {
                "name": printed}
            items.append(f"{name} — {self.n(v.value)}")
        return Paragraph(f"{title}: {'; '.join(items)}.", footnotes=[self.cite(Citation.of(*listed), True)])

    def stated_breakdown(self, title: str, quantity_code: str, dim: str, records: dict,
                         where: dict[str, str] | None = None) -> Paragraph | None:
        """The source's own breakdown when it states one (with its lines), else the records'."""
        stated = self.stated.by(quantity_code, dim, where)
        if not stated:
            return self.breakdown(title, dim, records)
        cite = Citation.of(*stated)
        values = {v.dimension[dim]: v.value for v in stated}
        return self.breakdown(title, dim, values, [self.cite(cite, values == {k: v for k, v in records.items() if k})])

    def cite(self, cite: Citation | None, agrees: bool, held=None) -> str:
        """The footnote of a figure the source states: its document and line, and what the records hold."""
        if cite is None:
            return ""
        args = {"document": cite.document, "lines": cite.lines_text()}
        many = len(cite.lines)
        key = (cite.document, cite.lines)
        if held is not None and not agrees:
            if not held:
                text = ngettext("Stated in the source document %(document)s, line %(lines)s; no records of it are held.",
                                "Stated in the source document %(document)s, lines %(lines)s; no records of it are held.",
                                many) % args
            else:
                text = ngettext("Stated in the source document %(document)s, line %(lines)s; the records held add up "
                                "to %(n)s.",
                                "Stated in the source document %(document)s, lines %(lines)s; the records held add up "
                                "to %(n)s.", many) % {**args, "n": self.n(held)}
            self.citations[text] = (key, False)
            return text
        text = ngettext("As stated in the source document %(document)s, line %(lines)s.",
                        "As stated in the source document %(document)s, lines %(lines)s.", many) % args
        self.citations[text] = (key, True)
        return text

    def figure(self, quantity_code: str, records) -> tuple[object, list[str]]:
        """The value a sentence prints for a quantity, and its footnote.

        A bilateral source (the France note) is the document these figures were taken from: when it
        states a figure, the note prints that figure and footnotes its line; when the records held
        add up to something else (rows the import could not place, names awaiting review) the same
        footnote says so. Without a stated figure the records' value is printed as it is.
        """
        stated = self.stated.get(quantity_code)
        if stated is None:
            return records, []
        # None: no statistic can say (e.g. projects by HEI *and* country) — cite the line only
        held = records or 0
        note = self.cite(Citation.of(stated), records is None or held == stated.value, held)
        return stated.value, [note] if note else []

    def sentence(self, singular: str, plural: str, value, q=None) -> str:
        text = self.say(ngettext(singular, plural, int(value)), value)
        if q is not None:
            self.printed.append(Printed(q, value))
        return text

    def para(self, parts: list[tuple[str, list[str]]], style: str = "") -> Paragraph:
        """Sentences with their footnotes, as one paragraph annotated with the quantities it prints."""
        figures, self.printed = self.printed, []
        notes: list[str] = []
        for _text, fns in parts:
            notes.extend(f for f in fns if f and f not in notes)
        # "As stated …, line 90." adds nothing beside "Stated …, line 90; no records of it are held."
        detailed = {self.citations[n][0] for n in notes if n in self.citations and not self.citations[n][1]}
        notes = [n for n in notes if not (n in self.citations and self.citations[n][1]
                                          and self.citations[n][0] in detailed)]
        return Paragraph(" ".join(t for t, _f in parts), footnotes=notes, style=style, figures=figures)

    def count_of(self, s, dim: str) -> int | None:
        """How many distinct `dim` codes the slice has; None when no statistic breaks it down by `dim`."""
        return len(s.by(dim)) if s.sources((dim,)) else None

    def q(self, statistic: str, **where: str):
        return quantity(statistic, self.year, country=self.code, **where)

    def table(self, caption: str, dim: str, dim_title: str, columns: list[tuple[str, dict]]) -> Table | None:
        """Rows of `dim` (ordered by the first column), one column per (title, {code: value})."""
        first = columns[0][1]
        if not first:
            return None
        codes = list(first) + [c for _, col in columns[1:] for c in col if c not in first]
        rows_ = [[label(dim, code, self.lang), *[col.get(code, 0) for _, col in columns]] for code in codes]
        total = [_("Total"), *[sum(col.values()) for _, col in columns]]
        return Table(caption, [dim_title, *[t for t, _ in columns]], rows_, total=total,
                     widths=[3] + [1] * len(columns))

    def partners_paragraph(self, title: str, names: list[str]) -> Paragraph | None:
        if not names:
            return None
        return Paragraph(f"{title}: {'; '.join(names)}.")

    def no_data(self, text: str) -> Paragraph:
        return Paragraph(text, style="note")

    def add(self, *blocks):
        self.doc.add(*[b for b in blocks if b is not None])

    # -- the note ------------------------------------------------------------------------------------
    def build(self) -> Document:
        self.printed: list[Printed] = []
        self.citations: dict[str, tuple[tuple, bool]] = {}  # footnote → ((document, lines), plain citation?)
        self.partner_names = self.inbound_partner_names()
        self.summary()
        self.student_mobility()
        self.international_students()
        self.staff_exchange()
        self.visiting_specialists()
        self.agreements()
        self.projects()
        self.double_degree_programmes()
        return self.doc.numbered()

    def inbound_partner_names(self) -> dict[str, str]:
        from intlmon.registry.models import ForeignOrganisation

        codes = [v.dimension["partner"] for v in self.stated.by("inbound_students", "partner")]
        return {o.id: o.display_name(self.lang) for o in ForeignOrganisation.objects.filter(id__in=codes)}

    def summary(self):
        figures = [
            (_("Agreements"), "agreements", self.slice(AGREEMENTS).total(), self.q("agreements")),
            (_("International projects"), "projects", self.slice(PROJECTS).total(), self.q("projects")),
            (_("Double-degree programmes"), "ddp", self.slice(DDP).total(), self.q("double_degree_programmes")),
            (_("Students in double-degree programmes"), "ddp_enrolment", self.slice(DDP_ENROLMENT).total(),
             self.q("double_degree_programmes_enrolment")),
            (_("Visiting specialists"), "visiting", self.slice(VISITING).total(), self.q("visiting_faculty")),
            (_("Outbound student mobility"), "outbound_students", self.slice(OUTBOUND_STUDENTS).total(),
             self.q("mobility", direction="outbound", person="student")),
            (_("Inbound student mobility"), "inbound_students", self.slice(INBOUND_STUDENTS).total(),
             self.q("mobility", direction="inbound", person="student")),
            (_("Degree-seeking students"), "degree_students", self.slice(INTERNATIONAL_STUDENTS).total(),
             self.q("international_students")),
        ]
        self.add(Paragraph(
            _("This note brings together what Kazakh higher education institutions reported for %(year)s "
              "about their cooperation with partners from this country: %(country)s.")
            % {"year": self.year, "country": self.country},
            style="lead",
        ))
        shown = []
        for name, code, records, q in figures:
            value, _notes = self.figure(code, records)
            if value:
                shown.append((name, value, "", q))
        if shown:
            self.add(KeyFigures([(n, v, s) for n, v, s, _q in shown], title=_("Key figures, %(year)s") % {"year": self.year},
                                quantities=[q for *_rest, q in shown]))
        else:
            self.add(self.no_data(_("No cooperation with this country was reported for %(year)s.") % {"year": self.year}))

    def student_mobility(self):
        out, into = self.slice(OUTBOUND_STUDENTS), self.slice(INBOUND_STUDENTS)
        self.add(Heading(2, _("Student mobility: Kazakhstan → %(country)s") % {"country": self.country}))
        total, notes = self.figure("outbound_students", out.total() or 0)
        if total:
            self.add(self.para([(self.sentence(
                "In %(year)s, %(n)s student of Kazakh HEIs studied in this country under academic mobility.",
                "In %(year)s, %(n)s students of Kazakh HEIs studied in this country under academic mobility.", total,
                self.q("mobility", direction="outbound", person="student")), notes)]))
            listed = self.stated.by("outbound_students", "institution")
            self.add(self.source_list(_("By HEI"), listed) if listed else
                     self.breakdown(_("By HEI"), "institution", out.by("institution")),
                     self.breakdown(_("By field of education"), "field", out.by("field")),
                     self.breakdown(_("By level"), "level", out.by("level")))
        else:
            self.add(self.no_data(_("No student mobility from Kazakhstan to this country was reported for %(year)s.")
                                  % {"year": self.year}))
        self.add(Heading(2, _("Student mobility: %(country)s → Kazakhstan") % {"country": self.country}))
        total, notes = self.figure("inbound_students", into.total() or 0)
        if total:
            self.add(self.para([(self.sentence(
                "In %(year)s, %(n)s student from this country studied at Kazakh HEIs under academic mobility.",
                "In %(year)s, %(n)s students from this country studied at Kazakh HEIs under academic mobility.", total,
                self.q("mobility", direction="inbound", person="student")), notes)]))
            listed = self.stated.by("inbound_students", "institution")
            self.add(self.source_list(_("By host HEI"), listed) if listed else
                     self.breakdown(_("By host HEI"), "institution", into.by("institution")),
                     self.stated_breakdown(_("By home institution"), "inbound_students", "partner", {}),
                     self.stated_breakdown(_("By specialty"), "inbound_students", "specialty", {}),
                     self.breakdown(_("By field of education"), "field", into.by("field")))
        else:
            self.add(self.no_data(_("No student mobility from this country to Kazakhstan was reported for %(year)s.")
                                  % {"year": self.year}))

    def international_students(self):
        s = self.slice(INTERNATIONAL_STUDENTS)
        self.add(Heading(2, _("International students")))
        total, notes = self.figure("degree_students", s.total() or 0)
        if total:
            self.add(self.para([(self.sentence(
                "In %(year)s, %(n)s citizen of this country studied for a degree at Kazakh HEIs.",
                "In %(year)s, %(n)s citizens of this country studied for a degree at Kazakh HEIs.", total,
                self.q("international_students")), notes)]))
            self.add(self.breakdown(_("By level"), "level", s.by("level")),
                     self.breakdown(_("By HEI"), "institution", s.by("institution")))
        else:
            self.add(self.no_data(_("No degree-seeking students from this country were reported for %(year)s.")
                                  % {"year": self.year}))

    def staff_exchange(self):
        from intlmon.records.models import MobilityFlow

        out, into = self.slice(OUTBOUND_STAFF), self.slice(INBOUND_STAFF)
        self.add(Heading(2, _("Academic exchange of teaching staff")))
        (n_out, out_notes), (n_in, in_notes) = self.figure("outbound_staff", out.total() or 0), self.figure("inbound_staff", into.total() or 0)
        if not n_out and not n_in:
            self.add(self.no_data(_("No exchange of teaching staff with this country was reported for %(year)s.")
                                  % {"year": self.year}))
            return
        parts = []
        if n_out:
            parts.append((self.sentence(
                "%(n)s member of the teaching staff of Kazakh HEIs took part in exchange with this country.",
                "%(n)s members of the teaching staff of Kazakh HEIs took part in exchange with this country.", n_out,
                self.q("mobility", direction="outbound", person="staff")), out_notes))
        if n_in:
            parts.append((self.sentence(
                "%(n)s teacher from this country came to Kazakh HEIs on exchange.",
                "%(n)s teachers from this country came to Kazakh HEIs on exchange.", n_in,
                self.q("mobility", direction="inbound", person="staff")), in_notes))
        self.add(self.para(parts))
        self.add(self.breakdown(_("Outgoing staff by HEI"), "institution", out.by("institution")),
                 self.breakdown(_("Outgoing staff by format"), "format", out.by("format")),
                 self.breakdown(_("Incoming staff by HEI"), "institution", into.by("institution")),
                 self.breakdown(_("Incoming staff by format"), "format", into.by("format")),
                 self.partners_paragraph(_("Partner organisations"),
                                         rows.partners(MobilityFlow, self.year, self.code, self.lang, person="staff")))

    def visiting_specialists(self):
        from intlmon.records.models import VisitingFaculty

        s = self.slice(VISITING)
        self.add(Heading(2, _("Visiting specialists from %(country)s") % {"country": self.country}))
        total, notes = self.figure("visiting", s.total() or 0)
        if not total:
            self.add(self.no_data(_("No visiting specialists from this country were reported for %(year)s.")
                                  % {"year": self.year}))
            return
        hosts = s.by("institution")
        parts = [(self.sentence("In %(year)s, %(n)s specialist from this country taught at Kazakh HEIs.",
                                "In %(year)s, %(n)s specialists from this country taught at Kazakh HEIs.", total,
                                self.q("visiting_faculty")), notes)]
        n_hosts, host_notes = self.figure("visiting_institutions", self.count_of(s, "institution"))
        if n_hosts:
            parts.append((self.sentence("They were hosted by %(n)s HEI.", "They were hosted by %(n)s HEIs.", n_hosts,
                                        self.q("institutions_with_visiting_faculty")), host_notes))
        self.add(self.para(parts))
        self.add(
            self.stated_breakdown(_("By source of funding"), "visiting", "funding", s.by("funding")),
            self.stated_breakdown(_("By format"), "visiting", "format", s.by("format")),
            self.stated_breakdown(_("By HEI category"), "visiting", "category", s.by("category")),
            self.stated_breakdown(_("By academic degree"), "visiting", "degree", s.by("degree")),
        )
        stated_fields = self.stated.by("visiting", "field")
        fields = {v.dimension["field"]: v.value for v in stated_fields} or s.by("field")
        if fields:
            from intlmon.reports.charts import bar_chart

            items = [(label("field", code, self.lang), v) for code, v in fields.items()]
            caption = _("Visiting specialists by field of education")
            cite = Citation.of(*stated_fields)
            self.add(Figure(caption, bar_chart(items, caption, _("Field of education"), _("Specialists"), self.lang),
                            notes=[self.cite(cite, True)] if cite else []))
        table = self.table(_("Visiting specialists by HEI"), "institution", _("HEI"), [(_("Specialists"), hosts)])
        if table is not None:  # its total is the headline's quantity, its rows the hosting HEIs
            table.quantities[(-1, 1)] = self.q("visiting_faculty")
            if n_hosts:
                table.lists[0] = Printed(self.q("institutions_with_visiting_faculty"), n_hosts)
        self.add(table)
        self.add(self.partners_paragraph(_("Partner organisations"),
                                         rows.partners(VisitingFaculty, self.year, self.code, self.lang)))

    def agreements(self):
        s = self.slice(AGREEMENTS)
        self.add(Heading(2, _("International agreements")))
        total, notes = self.figure("agreements", s.total() or 0)
        if not total:
            self.add(self.no_data(_("No agreements with partners from this country were reported for %(year)s.")
                                  % {"year": self.year}))
            return
        parts = [(self.sentence("Kazakh HEIs reported %(n)s agreement with partners from this country.",
                                "Kazakh HEIs reported %(n)s agreements with partners from this country.", total,
                                self.q("agreements")), notes)]
        n_heis, hei_notes = self.figure("agreement_institutions", self.count_of(s, "institution"))
        if n_heis:
            parts.append((self.sentence("They were signed by %(n)s HEI.", "They were signed by %(n)s HEIs.", n_heis,
                                        self.q("institutions_with_agreements")), hei_notes))
        self.add(self.para(parts))
        self.add(self.breakdown(_("By direction of cooperation"), "direction", s.by("direction")))

    def projects(self):
        from intlmon.records.models import Project

        s = self.slice(PROJECTS)
        self.add(Heading(2, _("International projects")))
        total, notes = self.figure("projects", s.total() or 0)
        if not total:
            self.add(self.no_data(_("No international projects with partners from this country were reported for "
                                    "%(year)s.") % {"year": self.year}))
            return
        parts = [(self.sentence("Kazakh HEIs took part in %(n)s international project with partners from this country.",
                                "Kazakh HEIs took part in %(n)s international projects with partners from this country.",
                                total, self.q("projects")), notes)]
        heis = s.by("institution")
        n_heis, hei_notes = self.figure("project_institutions", self.count_of(s, "institution"))
        if n_heis:
            parts.append((self.sentence("%(n)s HEI took part.", "%(n)s HEIs took part.", n_heis,
                                        self.q("institutions_with_projects")), hei_notes))
        self.add(self.para(parts))
        self.add(self.breakdown(_("By kind"), "kind", s.by("kind")),
                 self.breakdown(_("By field of education"), "field", s.by("field")),
                 self.partners_paragraph(_("Partner organisations"),
                                         rows.partners(Project, self.year, self.code, self.lang)))
        self.add(self.project_table(n_heis) or
                 self.table(_("International projects by HEI"), "institution", _("HEI"), [(_("Projects"), heis)]))

    def project_table(self, n_heis: int | None) -> Table | None:
        """The projects one by one (HEI, title, kind, partner countries, years) when they are few and each
        row is one project: the source's own Table 1 lists its eight projects this way."""
        listed = rows.projects(self.year, self.code)
        if not listed or len(listed) > LIST_AT_MOST:
            return None
        body = [[label("institution", p.institution, self.lang), p.title, label("kind", p.kind, self.lang),
                 ", ".join(label("country", c, self.lang) for c in p.countries),
                 "–".join(str(y) for y in (p.start_year, p.end_year) if y)]
                for p in listed]
        table = Table(_("International projects with partners from this country"),
                      [_("HEI"), _("Project"), _("Kind"), _("Partner countries"), _("Years")], body,
                      widths=[2.8, 3.2, 2.8, 2.0, 1.2])
        if n_heis:
            table.lists[0] = Printed(self.q("institutions_with_projects"), n_heis)
        return table

    def double_degree_programmes(self):
        s, enrol = self.slice(DDP), self.slice(DDP_ENROLMENT)
        self.add(Heading(2, _("Double-degree programmes")))
        total, notes = self.figure("ddp", s.total() or 0)
        if not total:
            self.add(self.no_data(_("No double-degree programmes with partners from this country were reported for "
                                    "%(year)s.") % {"year": self.year}))
            return
        parts = [(self.sentence("Kazakh HEIs run %(n)s double-degree programme with partners from this country.",
                                "Kazakh HEIs run %(n)s double-degree programmes with partners from this country.", total,
                                self.q("double_degree_programmes")), notes)]
        n_heis, hei_notes = self.figure("ddp_institutions", self.count_of(s, "institution"))
        if n_heis:
            parts.append((self.sentence("They are offered by %(n)s HEI.", "They are offered by %(n)s HEIs.", n_heis,
                                        self.q("institutions_with_double_degree_programmes")), hei_notes))
        students, enrol_notes = self.figure("ddp_enrolment", enrol.total() or 0)
        if students:
            parts.append((self.sentence("%(n)s student is enrolled in them.", "%(n)s students are enrolled in them.",
                                        students, self.q("double_degree_programmes_enrolment")), enrol_notes))
        self.add(self.para(parts))
        self.add(self.breakdown(_("By level"), "level", s.by("level")),
                 self.breakdown(_("By language of instruction"), "language", self.slice(DDP_LANGUAGES).by("language")),
                 self.breakdown(_("By source of funding"), "funding", s.by("funding")),
                 self.breakdown(_("By field of education"), "field", s.by("field")))
        self.add(self.programme_table(n_heis, total) or self.programmes_by_hei(s, enrol, n_heis))

    def programmes_by_hei(self, s, enrol, n_heis: int | None) -> Table | None:
        """Programmes and students per HEI, for a country with too many programmes to list one by one."""
        table = self.table(_("Double-degree programmes by HEI"), "institution", _("HEI"),
                           [(_("Programmes"), s.by("institution")), (_("Students"), enrol.by("institution"))])
        if table is not None:
            table.quantities[(-1, 1)] = self.q("double_degree_programmes")
            table.quantities[(-1, 2)] = self.q("double_degree_programmes_enrolment")
            if n_heis:
                table.lists[0] = Printed(self.q("institutions_with_double_degree_programmes"), n_heis)
        return table

    def language_notes(self, listed: list) -> list[str]:
        """Where the source states how many programmes use a language ("4 DDP are in English") and its own
        table, as listed here, shows another number, a note under the table gives both."""
        notes = []
        for v in self.stated.by("ddp", "language"):
            code, cite = v.dimension["language"], Citation.of(v)
            in_table = len([p for p in listed if code in p.languages])
            if in_table != v.value and cite is not None:
                notes.append(_(
                    "The source document %(document)s states on line %(lines)s that %(n)s are taught in %(language)s; "
                    "the programmes listed here name %(listed)s.") % {
                    "document": cite.document, "lines": cite.lines_text(), "n": self.n(v.value),
                    "language": label("language", code, self.lang), "listed": self.n(in_table)})
        return notes

    def programme_table(self, n_heis: int | None = None, programmes=None) -> Table | None:
        """The programmes one by one: HEI, partner, programme (its level and languages), funding, students.

        Five columns: with more, the ru/kk headers ("Финансирование", "Қаржыландыру") left the HEI
        column a tenth of the page and its names broke inside words ("национальны-й"); a landscape
        page instead left the page before it nearly empty. A country with more than `LIST_AT_MOST`
        programmes (Russia: 110, fourteen pages) gets the table by HEI instead."""
        if programmes is not None and programmes > LIST_AT_MOST:
            return None
        listed = rows.programmes(self.year, self.code, self.lang)
        if not listed or len(listed) > LIST_AT_MOST:
            return None
        body = []
        for p in listed:
            about = [label("level", p.level, self.lang)] if p.level else []
            about.append(", ".join(label("language", c, self.lang) for c in p.languages) or label("language", "", self.lang))
            body.append([label("institution", p.institution, self.lang), p.partner, f"{p.title} ({'; '.join(about)})",
                         label("funding", p.funding, self.lang), p.enrolment])
        total = [_("Total"), "", "", "", sum(p.enrolment or 0 for p in listed)]
        table = Table(_("Double-degree programmes with partners from this country"),
                      [_("HEI"), _("Partner"), _("Programme (level; language of instruction)"), _("Funding"), _("Students")],
                      body, total=total, widths=[3, 2.6, 3.4, 1.6, 1.1], notes=self.language_notes(listed))
        table.quantities[(-1, 4)] = self.q("double_degree_programmes_enrolment")
        if n_heis:
            table.lists[0] = Printed(self.q("institutions_with_double_degree_programmes"), n_heis)
        return table


def build_country_note(alpha2: str, year: int, lang: str) -> Document:
    """The bilateral note for one country (ISO alpha-2) and year, in kk, ru or en."""
    with translation.override(lang), session():
        return CountryNote(alpha2, year, lang).build()
