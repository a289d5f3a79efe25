"""The institution profile: one HEI's international activity in a year and its place among its peers.

Peers are the HEIs of the same ownership category that year (national, state, joint-stock, private,
international — the analytics' `category_map`, so a HEI that changed category is compared with its
new peers). For each main statistic the profile gives the HEI's value and its competition rank
("1224": equal values share a rank, the next rank skips) among all peers, counting a peer that
reported nothing as 0. Every value, rank and category is read through `analytics.read`; statistics that have
no HEI breakdown for the year (e.g. agreements published only by category) are left out rather
than guessed.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intlmon.analytics.read import Reader, Topic, label, leading, session
from intlmon.analytics.read import rank_of as competition_rank
from intlmon.reports.document import Document, Figure, Heading, KeyFigures, Paragraph, Table, format_number


def _indicators():
    """(key, title, topic) of the statistics compared across peers, in the order of the profile."""
    return [
        ("agreements", _("International agreements"), Topic(("agreements",))),
        ("projects_research", _("Research projects"), Topic(("projects",), {"kind": "research"})),
        ("projects_educational", _("Educational projects"), Topic(("projects",), {"kind": "educational"})),
        ("double_degree_programmes", _("Double-degree programmes"), Topic(("double_degree_programmes",))),
        ("double_degree_enrolment", _("Students in double-degree programmes"),
         Topic(("double_degree_programmes_enrolment",))),
        ("joint_programmes", _("Joint programmes"), Topic(("joint_programmes",))),
        ("joint_enrolment", _("Students in joint programmes"), Topic(("joint_programmes_enrolment",))),
        ("foreign_branches", _("Foreign branches and centres hosted"), Topic(("foreign_branches_in_kz",))),
        ("branches_abroad", _("Branches and representations abroad"), Topic(("kz_branches_abroad",))),
        ("scopus", _("Publications in Scopus"), Topic(("publications_by_institution",), {"database": "scopus"})),
        ("wos", _("Publications in Web of Science"), Topic(("publications_by_institution",), {"database": "wos"})),
        ("outbound_students", _("Outbound student mobility"),
         Topic(("mobility_by_institution",), {"direction": "outbound", "person": "student"})),
        ("inbound_students", _("Inbound student mobility"),
         Topic(("mobility_by_institution",), {"direction": "inbound", "person": "student"})),
        ("outbound_staff", _("Outbound staff mobility"),
         Topic(("mobility_by_institution",), {"direction": "outbound", "person": "staff"})),
        ("inbound_staff", _("Inbound staff mobility"),
         Topic(("mobility_by_institution",), {"direction": "inbound", "person": "staff"})),
        ("visiting_faculty", _("Visiting foreign faculty"), Topic(("visiting_faculty",))),
        ("international_students", _("International degree-seeking students"),
         Topic(("international_students_by_institution",))),
    ]


KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def short_name(institution, lang: str) -> str:
    """The HEI's acronym in the document's script (KazNU / КазНУ / ҚазҰУ), else its full name.

    Chart labels need short names: full names of Kazakh HEIs differ only at the end
    ("Казахский национальный …") and are cut off at the axis.
    """
    names = institution.acronyms
    latin = [a for a in names if a.isascii()]
    kazakh = [a for a in names if not a.isascii() and KAZAKH_LETTERS & set(a)]
    cyrillic = [a for a in names if not a.isascii() and not KAZAKH_LETTERS & set(a)]
    order = {"en": latin + cyrillic, "kk": kazakh + cyrillic + latin}.get(lang, cyrillic + kazakh + latin)
    return order[0] if order else institution.display_name(lang)


class InstitutionProfile:
    def __init__(self, institution_id, year: int, lang: str, reader: Reader | None = None):
        from intlmon.registry.models import Institution

        self.code = str(institution_id)
        self.institution = Institution.objects.get(pk=self.code)
        self.year, self.lang = year, lang
        self.reader = reader or Reader(year)
        self.name = self.institution.display_name(lang)
        categories = self.reader.categories()
        self.category = categories.get(self.code, "")
        self.peers = sorted(code for code, cat in categories.items() if cat == self.category) if self.category else []
        if self.code not in self.peers:
            self.peers.append(self.code)
        self.doc = Document(
            title=self.name,
            subtitle=_("International activity profile, %(year)s") % {"year": year},
            lang=lang,
            author=_("National Centre for Higher Education Development"),
        )

    def n(self, value) -> str:
        return format_number(value, self.lang)

    def peer_values(self, topic: Topic) -> dict[str, object] | None:
        """{HEI: value} over every peer (0 for peers without a value); None when the statistic has no HEI values."""
        where = {"category": self.category} if self.category else {}
        by_hei = self.reader.slice(topic, where).by("institution")
        if not by_hei and not self.reader.slice(topic, {}).by("institution"):
            return None
        return {code: by_hei.get(code, 0) for code in self.peers}

    def mine(self, topic: Topic):
        return self.reader.slice(topic, {"institution": self.code})

    def breakdown(self, title: str, dim: str, values: dict) -> Paragraph | None:
        if not values:
            return None
        items = [f"{label(dim, code, self.lang)} — {self.n(v)}" for code, v in values.items()]
        return Paragraph(f"{title}: {'; '.join(items)}.")

    def build(self) -> Document:
        category = label("category", self.category, self.lang)
        self.doc.add(Paragraph(
            ngettext("%(name)s, HEI category in %(year)s: %(category)s. The profile compares it with %(n)s HEI "
                     "of the same category.",
                     "%(name)s, HEI category in %(year)s: %(category)s. The profile compares it with the %(n)s HEIs "
                     "of the same category.", len(self.peers)) % {"name": self.name, "year": self.year, "category": category,
                                          "n": self.n(len(self.peers))},
            style="lead",
        ))
        rows, cards, firsts, charted = [], [], [], None
        for key, title, topic in _indicators():
            values = self.peer_values(topic)
            if values is None:
                continue
            value = values[self.code]
            rank, tied = competition_rank(values, self.code)
            best = max(values.values())
            rank_text = f"{rank}=" if tied > 1 else str(rank)
            rows.append([str(title), value, f"{rank_text} / {self.n(len(values))}", best])
            if value and rank == 1:
                firsts.append(str(title))
            if value:
                cards.append((str(title), value, _("rank %(rank)s of %(n)s") % {"rank": rank_text, "n": self.n(len(values))}))
                if charted is None:
                    charted = (key, title, values)
        if cards:
            self.doc.add(KeyFigures(cards[:6], title=_("Key figures, %(year)s") % {"year": self.year}))
        self.doc.add(Heading(2, _("Position among HEIs of the same category")))
        if not rows or not cards:
            self.doc.add(Paragraph(_("No approved data on the HEI's international activity for %(year)s.") % {"year": self.year},
                                   style="note"))
        if rows:
            if firsts:
                self.doc.add(Paragraph(ngettext(
                    "The HEI leads its category in %(n)s indicator: %(list)s.",
                    "The HEI leads its category in %(n)s indicators: %(list)s.", len(firsts))
                    % {"n": self.n(len(firsts)), "list": "; ".join(firsts)}))
            self.doc.add(Table(
                _("Indicators and rank among the %(category)s HEIs") % {"category": category},
                [_("Indicator"), _("Value"), _("Rank"), _("Best in category")], rows, widths=[4, 1.2, 1.4, 1.4],
                notes=[_("Equal values share a rank (marked =); HEIs of the category that reported nothing count as 0.")],
            ))
        if charted is not None:
            self.peer_chart(*charted)
        self.details()
        return self.doc.numbered()

    def peer_chart(self, key: str, title, values: dict):
        from intlmon.reports.charts import bar_chart

        top = leading({c: v for c, v in values.items() if v}, 10)
        if self.code not in [c for c, _v in top]:
            top.append((self.code, values[self.code]))
        from intlmon.registry.models import Institution

        institutions = Institution.objects.in_bulk([c for c, _v in top])
        items = [(short_name(institutions[c], self.lang), v) for c, v in top]
        caption = _("%(indicator)s: the HEI among the leading HEIs of its category") % {"indicator": title}
        self.doc.add(Figure(caption, bar_chart(items, caption, "", str(title), self.lang,
                                               highlight=short_name(self.institution, self.lang))))

    def details(self):
        ddp = self.mine(Topic(("double_degree_programmes",)))
        joint = self.mine(Topic(("joint_programmes",)))
        projects = self.mine(Topic(("projects",)))
        abroad = self.mine(Topic(("kz_branches_abroad",)))
        self.doc.add(Heading(2, _("International activity in detail")))
        blocks = [
            self.breakdown(_("Double-degree programmes by level"), "level", ddp.by("level")),
            self.breakdown(_("Double-degree programmes by partner country"), "country", ddp.by("country")),
            self.breakdown(_("Joint programmes by partner country"), "country", joint.by("country")),
            self.breakdown(_("International projects by kind"), "kind", projects.by("kind")),
            self.breakdown(_("Branches and representations abroad by country"), "country", abroad.by("country")),
        ]
        blocks = [b for b in blocks if b is not None]
        if not blocks:
            self.doc.add(Paragraph(_("No details were reported for %(year)s.") % {"year": self.year}, style="note"))
        self.doc.add(*blocks)
        partners: dict[str, object] = {}
        for part in (ddp.by("country"), joint.by("country"), abroad.by("country")):
            for code, v in part.items():
                if code:
                    partners[code] = partners.get(code, 0) + v
        if partners:
            from intlmon.reports.maps import world_map

            caption = _("Partner countries of the HEI's programmes and branches")
            names = {code: label("country", code, self.lang) for code in partners}
            self.doc.add(Figure(caption, world_map(
                partners, caption, self.lang, legend_title=_("Programmes and branches"), names=names,
                home_label=label("country", "KZ", self.lang), no_data_label=_("no data"))))


def build_institution_profile(institution_id, year: int, lang: str) -> Document:
    """The profile of one HEI (its registry id, e.g. "kaznu") for a year, in kk, ru or en."""
    with translation.override(lang), session():
        return InstitutionProfile(institution_id, year, lang).build()
