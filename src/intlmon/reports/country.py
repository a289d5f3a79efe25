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
from intlmon.reports.document import Document, Figure, Heading, KeyFigures, Paragraph, Table, format_number

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


class CountryNote:
    def __init__(self, alpha2: str, year: int, lang: str, reader: Reader | None = None):
        self.code, self.year, self.lang = alpha2.upper(), year, lang
        self.reader = reader or Reader(year)  # records of the year, a bilateral slice included
        self.country = label("country", self.code, lang)
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

    def breakdown(self, title: str, dim: str, values: dict) -> Paragraph | None:
        """'By source of funding: extra-budgetary funds — 22, republican budget — 3.'"""
        known = {k: v for k, v in values.items() if k}
        if not known:
            return None
        items = [f"{label(dim, code, self.lang)} — {self.n(v)}" for code, v in known.items()]
        unknown = values.get("")
        if unknown:
            items.append(f"{label(dim, '', self.lang)} — {self.n(unknown)}")
        return Paragraph(f"{title}: {'; '.join(items)}.")

    def table(self, caption: str, dim: str, dim_title: str, columns: list[tuple[str, dict]]) -> Table | None:
        """Rows of `dim` (ordered by the first column), one column per (title, {code: value})."""
        first = columns[0][1]
        if not first:
            return None
        codes = list(first) + [c for _, col in columns[1:] for c in col if c not in first]
        rows = [[label(dim, code, self.lang), *[col.get(code, 0) for _, col in columns]] for code in codes]
        total = [_("Total"), *[sum(col.values()) for _, col in columns]]
        return Table(caption, [dim_title, *[t for t, _ in columns]], rows, total=total,
                     widths=[3] + [1] * len(columns))

    def no_data(self, text: str) -> Paragraph:
        return Paragraph(text, style="note")

    def add(self, *blocks):
        self.doc.add(*[b for b in blocks if b is not None])

    # -- the note ------------------------------------------------------------------------------------
    def build(self) -> Document:
        self.summary()
        self.student_mobility()
        self.international_students()
        self.staff_exchange()
        self.visiting_specialists()
        self.agreements()
        self.projects()
        self.double_degree_programmes()
        return self.doc.numbered()

    def summary(self):
        figures = [
            (_("Agreements"), self.slice(AGREEMENTS).total()),
            (_("International projects"), self.slice(PROJECTS).total()),
            (_("Double-degree programmes"), self.slice(DDP).total()),
            (_("Students in double-degree programmes"), self.slice(DDP_ENROLMENT).total()),
            (_("Visiting specialists"), self.slice(VISITING).total()),
            (_("Outbound student mobility"), self.slice(OUTBOUND_STUDENTS).total()),
            (_("Inbound student mobility"), self.slice(INBOUND_STUDENTS).total()),
        ]
        self.add(Paragraph(
            _("This note brings together what Kazakh higher education institutions reported for %(year)s "
              "about their cooperation with partners from this country: %(country)s.")
            % {"year": self.year, "country": self.country},
            style="lead",
        ))
        shown = [(name, value, "") for name, value in figures if value]
        if shown:
            self.add(KeyFigures(shown, title=_("Key figures, %(year)s") % {"year": self.year}))
        else:
            self.add(self.no_data(_("No cooperation with this country was reported for %(year)s.") % {"year": self.year}))

    def student_mobility(self):
        out, into = self.slice(OUTBOUND_STUDENTS), self.slice(INBOUND_STUDENTS)
        self.add(Heading(2, _("Student mobility: Kazakhstan → %(country)s") % {"country": self.country}))
        total = out.total()
        if total:
            self.add(Paragraph(self.say(ngettext(
                "In %(year)s, %(n)s student of Kazakh HEIs studied in this country under academic mobility.",
                "In %(year)s, %(n)s students of Kazakh HEIs studied in this country under academic mobility.", int(total)), total)))
            self.add(self.breakdown(_("By HEI"), "institution", out.by("institution")),
                     self.breakdown(_("By field of education"), "field", out.by("field")),
                     self.breakdown(_("By level"), "level", out.by("level")))
        else:
            self.add(self.no_data(_("No student mobility from Kazakhstan to this country was reported for %(year)s.")
                                  % {"year": self.year}))
        self.add(Heading(2, _("Student mobility: %(country)s → Kazakhstan") % {"country": self.country}))
        total = into.total()
        if total:
            self.add(Paragraph(self.say(ngettext(
                "In %(year)s, %(n)s student from this country studied at Kazakh HEIs under academic mobility.",
                "In %(year)s, %(n)s students from this country studied at Kazakh HEIs under academic mobility.", int(total)), total)))
            self.add(self.breakdown(_("By HEI"), "institution", into.by("institution")),
                     self.breakdown(_("By field of education"), "field", into.by("field")))
        else:
            self.add(self.no_data(_("No student mobility from this country to Kazakhstan was reported for %(year)s.")
                                  % {"year": self.year}))

    def international_students(self):
        s = self.slice(INTERNATIONAL_STUDENTS)
        self.add(Heading(2, _("International students")))
        total = s.total()
        if total:
            self.add(Paragraph(self.say(ngettext(
                "In %(year)s, %(n)s citizen of this country studied for a degree at Kazakh HEIs.",
                "In %(year)s, %(n)s citizens of this country studied for a degree at Kazakh HEIs.", int(total)), total)))
            self.add(self.breakdown(_("By level"), "level", s.by("level")),
                     self.breakdown(_("By HEI"), "institution", s.by("institution")))
        else:
            self.add(self.no_data(_("No degree-seeking students from this country were reported for %(year)s.")
                                  % {"year": self.year}))

    def staff_exchange(self):
        out, into = self.slice(OUTBOUND_STAFF), self.slice(INBOUND_STAFF)
        self.add(Heading(2, _("Academic exchange of teaching staff")))
        n_out, n_in = out.total(), into.total()
        if not n_out and not n_in:
            self.add(self.no_data(_("No exchange of teaching staff with this country was reported for %(year)s.")
                                  % {"year": self.year}))
            return
        sentences = []
        if n_out:
            sentences.append(self.say(ngettext(
                "%(n)s member of the teaching staff of Kazakh HEIs took part in exchange with this country.",
                "%(n)s members of the teaching staff of Kazakh HEIs took part in exchange with this country.", int(n_out)), n_out))
        if n_in:
            sentences.append(self.say(ngettext(
                "%(n)s teacher from this country came to Kazakh HEIs on exchange.",
                "%(n)s teachers from this country came to Kazakh HEIs on exchange.", int(n_in)), n_in))
        self.add(Paragraph(" ".join(sentences)))
        self.add(self.breakdown(_("Outgoing staff by format"), "format", out.by("format")),
                 self.breakdown(_("Incoming staff by format"), "format", into.by("format")))

    def visiting_specialists(self):
        s = self.slice(VISITING)
        self.add(Heading(2, _("Visiting specialists from %(country)s") % {"country": self.country}))
        total = s.total()
        if not total:
            self.add(self.no_data(_("No visiting specialists from this country were reported for %(year)s.")
                                  % {"year": self.year}))
            return
        text = self.say(ngettext("In %(year)s, %(n)s specialist from this country taught at Kazakh HEIs.",
                        "In %(year)s, %(n)s specialists from this country taught at Kazakh HEIs.", int(total)), total)
        hosts = s.by("institution")
        if hosts:
            text += " " + self.say(ngettext("They were hosted by %(n)s HEI.", "They were hosted by %(n)s HEIs.", int(len(hosts))), len(hosts))
        self.add(Paragraph(text))
        self.add(
            self.breakdown(_("By source of funding"), "funding", s.by("funding")),
            self.breakdown(_("By format"), "format", s.by("format")),
            self.breakdown(_("By HEI category"), "category", s.by("category")),
            self.breakdown(_("By academic degree"), "degree", s.by("degree")),
        )
        fields = s.by("field")
        if fields:
            from intlmon.reports.charts import bar_chart

            items = [(label("field", code, self.lang), v) for code, v in fields.items()]
            caption = _("Visiting specialists by field of education")
            self.add(Figure(caption, bar_chart(items, caption, _("Field of education"), _("Specialists"), self.lang)))
        self.add(self.table(_("Visiting specialists by HEI"), "institution", _("HEI"),
                            [(_("Specialists"), hosts)]))

    def agreements(self):
        s = self.slice(AGREEMENTS)
        self.add(Heading(2, _("International agreements")))
        total = s.total()
        if not total:
            self.add(self.no_data(_("No agreements with partners from this country were reported for %(year)s.")
                                  % {"year": self.year}))
            return
        text = self.say(ngettext("Kazakh HEIs reported %(n)s agreement with partners from this country.",
                        "Kazakh HEIs reported %(n)s agreements with partners from this country.", int(total)), total)
        heis = s.by("institution")
        if heis:
            text += " " + self.say(ngettext("They were signed by %(n)s HEI.", "They were signed by %(n)s HEIs.", int(len(heis))), len(heis))
        self.add(Paragraph(text))
        self.add(self.breakdown(_("By direction of cooperation"), "direction", s.by("direction")))

    def projects(self):
        s = self.slice(PROJECTS)
        self.add(Heading(2, _("International projects")))
        total = s.total()
        if not total:
            self.add(self.no_data(_("No international projects with partners from this country were reported for "
                                    "%(year)s.") % {"year": self.year}))
            return
        text = self.say(ngettext("Kazakh HEIs took part in %(n)s international project with partners from this country.",
                        "Kazakh HEIs took part in %(n)s international projects with partners from this country.", int(total)), total)
        heis = s.by("institution")
        if heis:
            text += " " + self.say(ngettext("%(n)s HEI took part.", "%(n)s HEIs took part.", int(len(heis))), len(heis))
        self.add(Paragraph(text))
        self.add(self.breakdown(_("By kind"), "kind", s.by("kind")),
                 self.breakdown(_("By field of education"), "field", s.by("field")))
        self.add(self.table(_("International projects by HEI"), "institution", _("HEI"), [(_("Projects"), heis)]))

    def double_degree_programmes(self):
        s, enrol = self.slice(DDP), self.slice(DDP_ENROLMENT)
        self.add(Heading(2, _("Double-degree programmes")))
        total = s.total()
        if not total:
            self.add(self.no_data(_("No double-degree programmes with partners from this country were reported for "
                                    "%(year)s.") % {"year": self.year}))
            return
        heis = s.by("institution")
        text = self.say(ngettext("Kazakh HEIs run %(n)s double-degree programme with partners from this country.",
                        "Kazakh HEIs run %(n)s double-degree programmes with partners from this country.", int(total)), total)
        if heis:
            text += " " + self.say(ngettext("They are offered by %(n)s HEI.", "They are offered by %(n)s HEIs.", int(len(heis))), len(heis))
        students = enrol.total()
        if students:
            text += " " + self.say(ngettext("%(n)s student is enrolled in them.", "%(n)s students are enrolled in them.", int(students)), students)
        self.add(Paragraph(text))
        self.add(self.breakdown(_("By level"), "level", s.by("level")),
                 self.breakdown(_("By language of instruction"), "language", self.slice(DDP_LANGUAGES).by("language")),
                 self.breakdown(_("By field of education"), "field", s.by("field")))
        self.add(self.table(_("Double-degree programmes by HEI"), "institution", _("HEI"),
                            [(_("Programmes"), heis), (_("Students"), enrol.by("institution"))]))


def build_country_note(alpha2: str, year: int, lang: str) -> Document:
    """The bilateral note for one country (ISO alpha-2) and year, in kk, ru or en."""
    with translation.override(lang), session():
        return CountryNote(alpha2, year, lang).build()
