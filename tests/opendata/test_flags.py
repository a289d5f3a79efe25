"""Flags of the statistics in long form, as a reader of the package sees them (docs/opendata.md, Flags).

On the real 2023 tables: an unexplained error finding makes its figure `ic`, its explanation turns that
into `r`; a published headline that differs is `d`; a year-only region is `b`; a year with an uploaded
version while an expected HEI has none counted is `p` on every figure, and imported years never are.
"""

from __future__ import annotations

import pytest

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, reference_2023):
    with django_db_blocker.unblock(), loaded_reference(reference_2023, france=False):
        yield


def flags() -> dict[str, set[str]]:
    from intlmon.analytics.read import Reader
    from intlmon.opendata.figures import statistics

    table = statistics(2023, Reader(2023, national=True))
    i, f = table.columns.index("figure_id"), table.columns.index("flag")
    return {row[i]: set(row[f].split()) for row in table.rows}


def an_error_finding():
    from intlmon.quality.audit import run_audit
    from intlmon.quality.findings import Severity

    return next(f for f in run_audit(2023) if f.severity == Severity.ERROR and not f.institution_id and f.statistic)


def test_an_unexplained_error_is_ic_and_its_explanation_makes_it_r(data):
    from intlmon.quality.explanations import explain

    finding = an_error_finding()
    total = f"{finding.statistic}:2023"
    before = flags()
    assert "ic" in before[total] and "r" not in before[total]
    explain(finding.check, 2023, "the printed table repeats a row", "analyst", statistic=finding.statistic)
    after = flags()
    assert "r" in after[total] and "ic" not in after[total]
    # a finding naming no HEI marks the total only, not every breakdown row of the statistic
    rows = [k for k in after if k.startswith(total + ":")]
    assert rows and not any("r" in after[k] for k in rows)


def test_differing_headline_is_d_and_year_only_region_is_b_and_imported_year_is_final(data):
    found = flags()
    assert "d" in found["agreements:2023"]
    assert "d" not in found["double_degree_programmes:2023"]
    assert "b" in found["agreements:2023:country=TR:region=europe"]
    assert "b" not in found["agreements:2023:country=FR:region=europe"]
    assert not any("p" in f for f in found.values())


def test_an_upload_while_an_expected_hei_is_not_approved_makes_the_year_provisional(data):
    from intlmon.analytics.completeness import expected_institutions
    from intlmon.analytics.scope import counted_submissions
    from intlmon.collection.models import Submission
    from intlmon.records.models import ReportingPeriod
    from intlmon.registry.models import Institution, InstitutionCategory

    # a new HEI expected for 2023 (a category that year) whose uploaded version waits for approval
    waiting = Institution.objects.create(id="new-university", name_en="New University")
    InstitutionCategory.objects.create(institution=waiting, year=2023, category="private")
    counted = set(counted_submissions(2023).values_list("institution_id", flat=True))
    assert waiting.pk in expected_institutions(2023).institutions - counted
    period = ReportingPeriod.objects.get(year=2023)
    Submission.objects.create(institution=waiting, period=period, version=1, is_current=True,
                              status=Submission.Status.SUBMITTED, origin=Submission.Origin.UPLOAD)
    found = flags()
    assert "p" in found["double_degree_programmes:2023"] and "p" in found["agreements:2023:country=FR:region=europe"]
    ReportingPeriod.objects.filter(pk=period.pk).update(status=ReportingPeriod.Status.PUBLISHED)
    assert not any("p" in f for f in flags().values())
