"""Stated figures against the records and against each other.

`stated_vs_records`: what the report prints (total lines, counts in headings, the text) against
what the stored records add up to for the same scope. Scopes by HEI category or partner region
use the registry's classification, so they are warnings; whole-table and per-level figures are
errors. `conflicting_statements`: the report prints the same quantity twice with different values.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.quality.checks.common import current, figure_ref, figures, number
from intlmon.quality.checks.figure_keys import Key, key_of
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme, Presence, Project, PublishedFigure
from intlmon.registry.models import CountryRegion, InstitutionCategory, pick_region

FAMILY_MODELS = {
    "ddp": (DoubleDegreeProgramme, {}),
    "sop": (JointProgramme, {}),
    "projects": (Project, {}),
    "presence_in": (Presence, {"direction": "inbound"}),
    "presence_out": (Presence, {"direction": "outbound"}),
}
STATISTIC_OF_FAMILY = {"ddp": "double_degree_programmes", "sop": "joint_programmes", "projects": "projects",
                       "presence_in": "foreign_branches_in_kz", "presence_out": "kz_branches_abroad",
                       "agreements": "agreements", "publications": "publications"}


def stated_figures(year: int) -> dict[Key, list[PublishedFigure]]:
    groups: dict[Key, list[PublishedFigure]] = defaultdict(list)
    for fig in figures(year).filter(period__year=year, statistic__startswith="stated:"):
        key = key_of(fig.statistic, fig.dimension, fig.value_raw)
        if key is not None:
            groups[key].append(fig)
    return groups


class RecordTotals:
    """Values of keys computed from the year's records, one aggregate query per key."""

    def __init__(self, year: int):
        self.year = year
        self._regions: dict[str, str] | None = None

    def regions(self) -> dict[str, str]:
        if self._regions is None:
            links = defaultdict(list)
            for link in CountryRegion.objects.select_related("region"):
                links[link.country_id].append(link)
            self._regions = {code: (pick_region(ls, self.year).code if pick_region(ls, self.year) else "")
                             for code, ls in links.items()}
        return self._regions

    def value(self, key: Key) -> int | None:
        if key.family not in FAMILY_MODELS or key.field:
            return None
        model, fixed = FAMILY_MODELS[key.family]
        qs = current(model, self.year).filter(**fixed)
        if not qs.exists():
            return None
        if key.level:
            if not hasattr(model, "level"):
                return None
            qs = qs.filter(level=key.level)
        if key.category:
            qs = qs.filter(institution_id__in=InstitutionCategory.objects.filter(
                year=self.year, category=key.category).values("institution_id"))
        if key.region:
            codes = [c for c, r in self.regions().items() if r == key.region]
            qs = qs.filter(country_id__in=codes)
        measure = key.measure
        if key.family == "projects":
            kinds = {"research": ["research"], "educational": ["educational"], "count": None, "all": None}
            if measure in kinds:
                if kinds[measure]:
                    qs = qs.filter(kind__in=kinds[measure])
                return qs.aggregate(n=Sum("quantity"))["n"] or 0
        if measure == "count":
            return qs.count()
        if measure == "institutions":
            return qs.aggregate(n=Count("institution_id", distinct=True))["n"]
        if measure == "countries":
            if not qs.exclude(country=None).exists():
                return None
            return qs.exclude(country=None).aggregate(n=Count("country_id", distinct=True))["n"]
        if measure == "enrolment" and hasattr(model, "enrolment"):
            if not qs.exclude(enrolment=None).exists():
                return None
            return qs.aggregate(n=Sum("enrolment"))["n"] or 0
        return None


def severity_of(key: Key) -> Severity:
    return Severity.WARNING if (key.category or key.region or key.measure == "countries") else Severity.ERROR


@check(
    "stated_vs_records",
    Severity.ERROR,
    _("Stated totals that differ from the records"),
    gettext_noop("Find the rows missing from or extra in the records (or the wrong printed figure) and correct them."),
)
def stated_vs_records(year: int) -> list[Finding]:
    totals = RecordTotals(year)
    findings = []
    for key, figs in stated_figures(year).items():
        computed = totals.value(key)
        if computed is None:
            continue
        wrong = [f for f in figs if f.value != computed]
        if not wrong:
            continue
        findings.append(Finding(
            check="stated_vs_records",
            severity=severity_of(key),
            msgid=gettext_noop("%(what)s: the records give %(computed)s, the report states %(stated)s"),
            params={"what": key.describe(), "computed": computed,
                    "stated": ", ".join(sorted({number(f.value) for f in wrong}, key=float))},
            statistic=STATISTIC_OF_FAMILY.get(key.family, key.family),
            figures=[figure_ref(f) for f in wrong],
        ))
    return findings


def derived_publication_values(year: int) -> dict[Key, list[tuple[Decimal, str]]]:
    """Scopus+WoS sums of the publications table, per field and in total, for comparison with the text."""
    rows = PublishedFigure.objects.filter(period__year=year, statistic__in=("publications_scopus", "publications_wos"),
                                          source__contains="publications_by_field.csv row")
    per_field: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    for r in rows:
        per_field[r.dimension.get("field_raw", "")] += r.value
        total += r.value
    derived = {Key("publications", "scopus+wos", field=f): [(v, f"Scopus+WoS {f}")] for f, v in per_field.items()}
    if rows:
        derived[Key("publications", "scopus+wos")] = [(total, "Scopus+WoS")]
    return derived


@check(
    "conflicting_statements",
    Severity.WARNING,
    _("The report states one figure with different values"),
    gettext_noop("Decide which value is right, correct the others and say in the text which table it comes from."),
)
def conflicting_statements(year: int) -> list[Finding]:
    groups = stated_figures(year)
    derived = derived_publication_values(year)
    findings = []
    for key in sorted(set(groups) | set(derived), key=lambda k: k.describe()):
        figs = groups.get(key, [])
        values = {f.value for f in figs} | {v for v, _ in derived.get(key, [])}
        if not figs or len(values) < 2:
            continue
        parts = [f"{number(f.value)} («{f.label[:50]}»)" for f in figs]
        parts += [f"{number(v)} ({what}, sum of the table)" for v, what in derived.get(key, [])]
        findings.append(Finding(
            check="conflicting_statements",
            severity=Severity.WARNING,
            msgid=gettext_noop("%(what)s is stated as %(values)s"),
            params={"what": key.describe(), "values": "; ".join(parts)},
            statistic=STATISTIC_OF_FAMILY.get(key.family, key.family),
            figures=[figure_ref(f) for f in figs],
        ))
    return findings
