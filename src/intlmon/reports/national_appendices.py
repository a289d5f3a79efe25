"""The national report's appendices: the tables behind its chapters (agreements by partner country,
branches, projects by HEI, joint and double-degree programmes by HEI and by country).

Kept apart from `national.py` (the chapters) because they are a part of their own: full lists where a
chapter shows the leading few, each table's total row one value per quantity (`reconcile`), and a note
where a record counted under each of its countries makes the rows add up to more than the total.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from intlmon.reports.document import Heading, Printed, Table
from intlmon.reports.reconcile import overlap_note


class Appendices:
    """Mixed into `NationalReport` (which sets `stats`, `year`, `lang` and the `PrintedFigures` helpers)."""

    def appendices(self):
        s, y = self.stats, self.year
        self.add(Heading(1, _("Appendices")))
        n = 0
        total_word = pgettext("report", "Total")

        def appendix(title: str, columns: list[str], rows: list[list], widths: list[float], total=None,
                     quantities=None, lists=None):
            nonlocal n
            if not rows:
                return
            n += 1
            self.add(Heading(2, _("Appendix %(n)s. %(title)s") % {"n": n, "title": title}))
            self.add(Table(title, columns, rows, total=total, widths=widths, landscape=len(columns) > 4,
                           quantities=quantities or {}, lists={c: p for c, p in (lists or {}).items() if p.value is not None},
                           notes=overlaps(columns, rows, total)))

        def overlaps(columns: list[str], rows: list[list], total) -> list[str]:
            """Notes for columns whose rows count a record under each of its countries (rows > total)."""
            notes = []
            for c, printed in enumerate(total or []):
                added = sum(row[c] for row in rows if isinstance(row[c], (int, Decimal)))
                if isinstance(printed, (int, Decimal)) and added > printed:
                    notes.append(overlap_note(columns[c], added, printed, self.lang))
            return notes

        def whole(stat_id: str, added, *dims: str):
            """The total row of a breakdown: the statistic's total where the rows overlap, else their sum."""
            return s.total(stat_id, y) if s.overlapping(stat_id, y, *dims) else added

        values = s.values("agreements_by_country", y, "country")
        if values:
            pairs: dict[tuple[str, str], int | Decimal] = {}
            for v in values:
                key = (v.dimension.get("region", ""), v.dimension["country"])
                pairs[key] = pairs.get(key, 0) + v.value
            # regions in the monitoring's order (CIS, Asia, Europe …), the same in every language
            from intlmon.registry.models import Region

            order = dict(Region.objects.values_list("code", "order"))
            keyed = sorted(((self.row_label("region", r), self.row_label("country", c), v, c, order.get(r, len(order)))
                            for (r, c), v in pairs.items()), key=lambda row: (row[4], -row[2], row[1]))
            countries = self.countries_count("agreement_partner_countries", "agreements_by_country", y)
            appendix(_("International agreements by partner country"),
                     [pgettext("report", "Region"), pgettext("report", "Country"), pgettext("report", "Agreements")],
                     [list(row[:3]) for row in keyed], [2, 3, 1], total=["", total_word, sum(pairs.values())],
                     quantities={(-1, 2): self.q("agreements"),
                                 **{(r, 2): self.q("agreements", country=row[3]) for r, row in enumerate(keyed) if row[3]}},
                     lists={1: Printed(self.q("agreement_partner_countries"), countries)})
        for stat_id, title, hosts_id, countries_id in (
            ("kz_branches_abroad", _("Branches and representations of Kazakh HEIs abroad"),
             "institutions_with_branches_abroad", "kz_branches_abroad_countries"),
            ("foreign_branches_in_kz", _("Branches and representations of foreign HEIs in Kazakhstan"),
             "institutions_hosting_foreign_branches", ""),
        ):
            pairs = {}
            for v in s.values(stat_id, y, "institution", "country"):
                key = (v.dimension["institution"], v.dimension["country"])
                pairs[key] = pairs.get(key, 0) + v.value
            rows = sorted([self.row_label("institution", i), self.row_label("country", c), v] for (i, c), v in pairs.items())
            hosts, countries = self.branch_counts(stat_id, hosts_id, countries_id)
            appendix(title, [pgettext("report", "HEI"), pgettext("report", "Country"), pgettext("report", "Number")], rows, [4, 2, 1],
                     total=["", total_word, whole(stat_id, sum(pairs.values()), "institution", "country")],
                     quantities={(-1, 2): self.q(stat_id)},
                     lists={0: Printed(self.q(hosts_id), hosts),
                            1: Printed(self.q(countries_id) if countries_id else self.q(stat_id, count="country"), countries)})
        research = s.by("projects", y, "institution", kind="research")
        educational = s.by("projects", y, "institution", kind="educational")
        if research or educational:
            codes = sorted(set(research) | set(educational), key=lambda c: (-(research.get(c, 0) + educational.get(c, 0)), c))
            rows = [[self.row_label("institution", c), educational.get(c, 0), research.get(c, 0)] for c in codes]
            appendix(_("International projects by HEI"),
                     [pgettext("report", "HEI"), _("Educational projects"), _("Research projects")], rows, [5, 1, 1],
                     total=[total_word, sum(educational.values()), sum(research.values())],
                     quantities={(-1, 1): self.q("projects", kind="educational"), (-1, 2): self.q("projects", kind="research")},
                     lists={0: Printed(self.q("institutions_with_projects"), s.total("institutions_with_projects", y))})
        for stat_id, title, heis_id, countries_id in (
            ("joint_programmes", _("Joint educational programmes"), "institutions_with_joint_programmes",
             "joint_programme_partner_countries"),
            ("double_degree_programmes", _("Double-degree programmes"), "institutions_with_double_degree_programmes",
             "double_degree_partner_countries"),
        ):
            for dim, dim_title in (("institution", pgettext("report", "HEI")), ("country", pgettext("report", "Partner country"))):
                count = s.by(stat_id, y, dim)
                enrol = s.by(f"{stat_id}_enrolment", y, dim)
                if not count:
                    continue
                rows = [[self.row_label(dim, c), v, enrol.get(c, "")] for c, v in count.items()]
                listed = (Printed(self.q(heis_id), s.total(heis_id, y) or len([c for c in count if c])) if dim == "institution"
                          else Printed(self.q(countries_id), self.countries_count(countries_id, stat_id, y)))
                appendix(title + " — " + (_("by HEI") if dim == "institution" else _("by partner country")),
                         [dim_title, pgettext("report", "Programmes"), pgettext("report", "Students")], rows, [5, 1, 1],
                         total=[total_word, whole(stat_id, sum(count.values()), dim),
                                whole(f"{stat_id}_enrolment", sum(enrol.values()), dim) if enrol else ""],
                         quantities={(-1, 1): self.q(stat_id), **({(-1, 2): self.q(f"{stat_id}_enrolment")} if enrol else {})},
                         lists={0: listed})
