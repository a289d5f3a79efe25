"""Stated figures against the records and against each other.

`stated_vs_records`: what the report prints (total lines, counts in headings, the text) against
what the stored records add up to for the same scope, read through `analytics.read` like every report. Scopes by HEI category or partner region
use the registry's classification, so they are warnings; whole-table and per-level figures are
errors. `conflicting_statements`: the report prints the same quantity twice with different values.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from intlmon.analytics.registry import Source, all_statistics
from intlmon.quality.checks.common import figure_ref, figures, number, reader
from intlmon.quality.checks.figure_keys import Key, key_of, statistic_of
from intlmon.quality.findings import Finding, Severity
from intlmon.quality.registry import check
from intlmon.records.models import PublishedFigure

# family → measure → the statistics that can answer it (the first with the dimensions the scope needs)
RECORD_FAMILIES = {
    "ddp": {"count": ("double_degree_programmes",), "enrolment": ("double_degree_programmes_enrolment",),
            "institutions": ("double_degree_programmes",), "countries": ("double_degree_programmes",)},
    "sop": {"count": ("joint_programmes",), "enrolment": ("joint_programmes_enrolment",),
            "institutions": ("joint_programmes",), "countries": ("joint_programmes",)},
    "projects": {"count": ("projects", "projects_by_country"), "institutions": ("projects",),
                 "countries": ("projects_by_country",)},
    "presence_in": {"count": ("foreign_branches_in_kz",), "institutions": ("foreign_branches_in_kz",),
                    "countries": ("foreign_branches_in_kz",)},
    "presence_out": {"count": ("kz_branches_abroad",), "institutions": ("kz_branches_abroad",),
                     "countries": ("kz_branches_abroad",)},
}

def stated_figures(year: int) -> dict[Key, list[PublishedFigure]]:
    groups: dict[Key, list[PublishedFigure]] = defaultdict(list)
    for fig in figures(year).filter(period__year=year, statistic__startswith="stated:"):
        key = key_of(fig.statistic, fig.dimension, fig.value_raw)
        if key is not None:
            groups[key].append(fig)
    return groups


class RecordTotals:
    """Values of keys from the year's counted records, read through the read service (`analytics.read`).

    A key names a family (a statistic), a measure and a scope; the scope becomes a slice of that
    statistic (level, HEI category, region), the measure its total, its enrolment statistic, or the
    number of distinct HEIs or countries listed, counted exactly as the reports count them (a row
    without a country cell counts for its partner's country). None when the records cannot say.
    """

    def __init__(self, year: int):
        self.year = year
        self.reader = reader(year)

    def value(self, key: Key) -> int | Decimal | None:
        if key.family not in RECORD_FAMILIES or key.field:
            return None
        where = {d: c for d, c in (("level", key.level), ("category", key.category), ("region", key.region)) if c}
        if key.family == "projects" and key.measure in ("research", "educational", "all", "count"):
            if key.measure in ("research", "educational"):
                where["kind"] = key.measure
            measure = "count"
        elif key.measure in ("count", "enrolment", "institutions", "countries"):
            measure = key.measure
        else:
            return None
        stat_id = self.statistic(key.family, measure, where)
        if stat_id is None:
            return None
        result = self.reader.records(stat_id)
        if result.is_empty:
            return None
        if measure in ("institutions", "countries"):
            dim = "institution" if measure == "institutions" else "country"
            n = self.reader.count(stat_id, self.year, dim, Source.RECORDS, **where)
            return n if n or measure == "institutions" else None
        return self.reader.figure(stat_id, source=Source.RECORDS, **where).value or 0

    def statistic(self, family: str, measure: str, where: dict[str, str]) -> str | None:
        """The first statistic of the family that has every dimension the question needs."""
        needed = set(where) | ({"institution"} if measure == "institutions" else set()) | (
            {"country"} if measure == "countries" else set())
        statistics = all_statistics()
        for stat_id in RECORD_FAMILIES[family].get(measure, ()):
            if needed <= set(statistics[stat_id].dimensions):
                return stat_id
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
            statistic=statistic_of(key),
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
            statistic=statistic_of(key),
            figures=[figure_ref(f) for f in figs],
        ))
    return findings
