"""When a figure carries a flag (docs/opendata.md states the same rules for the reader).

- p provisional: the year is collected through the workflow (it has uploaded versions), its reporting
  period is not published, and some HEI expected to report (`analytics.completeness`) has no counted
  version yet. Years held only as imported, published tables are final.
- d definition differs: the figure is the total of the finest data held and the published headline for
  the same quantity differs (the read service's note "published: …", e.g. agreements 2023: 6 050 from
  the 78 country rows, 6 044 printed).
- r remark: an audit finding on this statistic has an explanation recorded (`intlmon explain`); a finding
  about one HEI marks the figures restricted to that HEI, one naming no HEI marks the statistic's total.
- ic inconsistent: an audit finding of severity error on it has no explanation.
- b break in series: the figure groups by region and its country is filed under a region that holds
  for this year only (the 2023 report files Türkiye and Georgia under Europe).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intlmon.analytics.completeness import expected_institutions
from intlmon.analytics.read import Figure
from intlmon.analytics.scope import counted_submissions
from intlmon.collection.models import Submission
from intlmon.records.models import ReportingPeriod
from intlmon.registry.models import CountryRegion


def is_provisional(year: int) -> bool:
    period = ReportingPeriod.objects.filter(year=year).first()
    if period is None or period.status == ReportingPeriod.Status.PUBLISHED:
        return False
    if not Submission.objects.filter(period=period, origin=Submission.Origin.UPLOAD).exists():
        return False
    counted = set(counted_submissions(year).values_list("institution_id", flat=True))
    return bool(expected_institutions(year).institutions - counted)


def only_imported(year: int) -> bool:
    """Whether every counted version of the year is an imported table (nothing collected through uploads)."""
    return not counted_submissions(year).filter(origin=Submission.Origin.UPLOAD).exists()


@dataclass
class FlagRules:
    year: int
    provisional: bool = False
    explained: set[tuple[str, str]] = field(default_factory=set)  # (statistic, HEI id or '')
    inconsistent: set[tuple[str, str]] = field(default_factory=set)
    year_only_region: set[str] = field(default_factory=set)  # country codes

    @classmethod
    def for_year(cls, year: int) -> FlagRules:
        from intlmon.quality.audit import run_audit
        from intlmon.quality.findings import Severity

        rules = cls(year, provisional=is_provisional(year))
        for finding in run_audit(year):
            key = (finding.statistic or "", finding.institution_id or "")
            if finding.explanation is not None:
                rules.explained.add(key)
            elif finding.severity == Severity.ERROR:
                rules.inconsistent.add(key)
        spans = CountryRegion.objects.exclude(year_from__isnull=True, year_to__isnull=True)
        for span in spans:
            if (span.year_from or year) <= year <= (span.year_to or year):
                rules.year_only_region.add(span.country_id)
        return rules

    def of(self, figure: Figure) -> set[str]:
        flags = set()
        if self.provisional:
            flags.add("p")
        if not figure.dimension and "published: " in figure.note:
            flags.add("d")
        # a finding about one HEI marks the figures of that HEI; one naming no HEI marks the statistic's total
        institution = figure.dimension.get("institution", "")
        if institution or not figure.dimension:
            key = (figure.statistic, institution)
            if key in self.explained:
                flags.add("r")
            if key in self.inconsistent:
                flags.add("ic")
        if "region" in figure.dimension and figure.dimension.get("country") in self.year_only_region:
            flags.add("b")
        return flags
