"""Each check on a clean synthetic dataset (no error or warning) and with one planted error each."""

from __future__ import annotations

from datetime import date

import pytest

from intlmon.collection.models import Submission
from intlmon.quality.audit import run_audit
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme, Publications, PublishedFigure
from intlmon.registry import resolve as resolver
from intlmon.registry.models import Institution, InstitutionAlias, InstitutionCategory
from tests.quality import synthetic
from tests.quality.synthetic import YEAR, figure, stated

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean():
    resolver.invalidate()
    data = synthetic.build_clean()
    yield data
    resolver.invalidate()


def add(model, hei: str, year: int = YEAR, **fields):
    sub = Submission.objects.get(institution_id=hei, period__year=year, is_current=True)
    return model.objects.create(period=sub.period, submission=sub, institution_id=hei, **fields)


def copy_of(row, **changes):
    fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname != "id"}
    fields.update(changes)
    return type(row).objects.create(**fields)


def found(check: str, year: int = YEAR):
    return [f for f in run_audit(year) if f.check == check]


def test_it_raises_no_error_or_warning_on_the_clean_dataset(clean):
    findings = run_audit(YEAR)
    assert [f for f in findings if f.severity.value in ("error", "warning")] == []


def test_it_finds_a_row_typed_twice_with_a_cyrillic_letter(clean):
    row = DoubleDegreeProgramme.objects.filter(institution_id="beta", period__year=YEAR, level="master").first()
    twin = copy_of(row, programme_raw=row.programme_raw.replace("M", "М"), source_row=99)  # Cyrillic М
    [finding] = found("duplicate_rows")
    assert {r.pk for r in finding.records} == {row.pk, twin.pk}
    assert "Cyrillic" in finding.message("en")


def test_it_finds_one_hei_on_two_rows_of_a_published_table(clean):
    figure(YEAR, "double_degree_programmes", {"institution": "gamma"}, 1,
           "seed 001_synthetic.txt line 150; ddp_by_hei.csv row 30", "Университет Гамма (another spelling)")
    [finding] = found("duplicate_published_rows")
    assert finding.institution_id == "gamma" and len(finding.figures) == 2


def test_it_finds_a_programme_reported_as_joint_and_as_double_degree(clean):
    ddp = DoubleDegreeProgramme.objects.filter(institution_id="alpha", period__year=YEAR).first()
    add(JointProgramme, "alpha", level=ddp.level, programme_code=ddp.programme_code, partner_raw="x", enrolment=4,
        source_sheet="sop_programs.csv", source_row=50, valid_until=date(2026, 1, 1))
    [finding] = found("joint_and_double")
    assert finding.institution_id == "alpha" and ddp.programme_code in finding.message("en")


def test_it_finds_a_level_that_disagrees_with_the_code(clean):
    row = DoubleDegreeProgramme.objects.filter(institution_id="delta", level="master", period__year=YEAR).first()
    row.level = "bachelor"  # code 7M… is a master's code
    row.save()
    [finding] = found("level_code")
    assert finding.severity.value == "error" and finding.records[0].pk == row.pk


def test_it_finds_an_expired_contract_but_not_an_auto_renewed_one(clean):
    rows = list(JointProgramme.objects.filter(institution_id="epsilon", period__year=YEAR))
    JointProgramme.objects.filter(pk=rows[0].pk).update(valid_until=date(2020, 6, 30))
    JointProgramme.objects.filter(pk=rows[1].pk).update(valid_until=date(2020, 6, 30), auto_renewal=True)
    [finding] = found("expired_contract")
    assert finding.records[0].pk == rows[0].pk


def test_it_finds_zero_enrolment(clean):
    row = DoubleDegreeProgramme.objects.filter(institution_id="zeta", period__year=YEAR).first()
    DoubleDegreeProgramme.objects.filter(pk=row.pk).update(enrolment=0)
    [finding] = found("zero_enrolment")
    assert finding.records[0].pk == row.pk


def test_it_finds_a_grand_total_that_is_not_the_sum_of_its_rows(clean):
    total = PublishedFigure.objects.get(statistic="stated:ddp_by_hei.ddp_count")
    total.value += 6  # the rows (3 per HEI × 6) add up to 18
    total.save()
    messages = [f.message("en") for f in found("published_sums")]
    assert any("add up to 18" in m and "says 24" in m for m in messages)


def test_it_finds_a_subtotal_that_is_not_the_sum_of_its_section(clean):
    sub = PublishedFigure.objects.get(statistic="stated:ddp_by_partner_country.ddp_count", dimension__section="Еуропа")
    PublishedFigure.objects.filter(pk=sub.pk).update(value=sub.value - 1)
    messages = [f.message("en") for f in found("published_sums")]
    assert any("section Еуропа" in m for m in messages)


def test_it_finds_a_stated_total_the_records_do_not_give(clean):
    add(DoubleDegreeProgramme, "alpha", level="master", programme_code="7M04199", partner_id="msu", country_id="RU",
        enrolment=5, source_sheet="ddp_programs.csv", source_row=77, valid_until=date(2026, 1, 1))
    findings = found("stated_vs_records")
    # 18 programmes are stated (in-text total and both grand totals), the records now hold 19
    assert any(f.severity.value == "error" and "records give 19" in f.message("en") for f in findings)


def test_it_finds_one_figure_stated_with_two_values(clean):
    stated(YEAR, "ddp_by_hei", "", "in_text", "", "in text: double-degree programs (DDP), total", 17, 300)
    [finding] = found("conflicting_statements")
    assert "17" in finding.message("en") and "18" in finding.message("en")


def test_it_finds_a_percentage_that_does_not_compute(clean):
    # 15 → 18 is +20 %; the text says 12 %
    PublishedFigure.objects.filter(period__year=YEAR - 1, statistic="double_degree_programmes").update(
        label="2022 жылмен салыстырғанда (15 ҚДП) 12% өсім байқалады")
    [finding] = found("percentages")
    assert "20.0 %" in finding.message("en") and "not 12 %" in finding.message("en")


def test_it_finds_a_wrong_share(clean):
    PublishedFigure.objects.filter(statistic="stated:ddp_by_partner_country", dimension__section="ТМД").update(value_raw="22%")
    [finding] = found("percentages")
    assert "not 22 %" in finding.message("en")


def test_it_finds_an_hei_in_two_categories(clean):
    InstitutionCategory.objects.filter(institution_id="gamma", year=YEAR).update(conflicts="private (ddp_programs row 9)")
    [finding] = found("category_conflict")
    assert finding.institution_id == "gamma"


def test_it_finds_a_country_under_the_wrong_region(clean):
    figure(YEAR, "joint_programmes", {"country": "FR", "region_section": "ТМД"}, 2,
           "seed 001_synthetic.txt line 400; sop_by_partner_country.csv row 2", "Франция")
    [finding] = found("wrong_region")
    assert "FR" in finding.message("en") and "europe" in finding.message("en")


def test_it_finds_a_partner_whose_country_conflicts_with_the_row(clean):
    row = JointProgramme.objects.filter(institution_id="alpha", period__year=YEAR, partner_id="msu").first() or \
        JointProgramme.objects.filter(institution_id="alpha", period__year=YEAR).first()
    JointProgramme.objects.filter(pk=row.pk).update(partner_id="sorbonne", country_id="DE")
    [finding] = found("partner_country")
    assert finding.records[0].pk == row.pk


def test_it_finds_an_agreement_between_kazakh_heis_reported_by_one_side(clean):
    InstitutionAlias.objects.create(raw="Университет Бета", institution_id="beta")
    resolver.invalidate()
    add(JointProgramme, "alpha", level="bachelor", programme_code="6B05999", partner_raw="Университет Бета",
        enrolment=3, source_sheet="sop_programs.csv", source_row=61, valid_until=date(2026, 1, 1))
    [finding] = found("reciprocity")
    # the message names both HEIs as the reader knows them, not by their ids
    alpha, beta = (Institution.objects.get(pk=i).display_name("en") for i in ("alpha", "beta"))
    assert finding.institution_id == "beta" and alpha in finding.message("en") and beta in finding.message("en")
    assert "alpha" not in finding.message("en").split()
    # once the other side reports it too, the finding goes away
    add(JointProgramme, "beta", level="bachelor", programme_code="6B05999", partner_raw="Университет Альфа",
        enrolment=3, source_sheet="sop_programs.csv", source_row=62, valid_until=date(2026, 1, 1))
    InstitutionAlias.objects.create(raw="Университет Альфа", institution_id="alpha")
    resolver.invalidate()
    assert found("reciprocity") == []


def test_it_finds_a_small_count_that_jumps_but_not_a_large_one_that_grows(clean):
    Publications.objects.filter(institution_id="alpha", period__year=YEAR - 1).update(count=10)
    Publications.objects.filter(institution_id="alpha", period__year=YEAR).update(count=506)
    Publications.objects.filter(institution_id="beta", period__year=YEAR - 1).update(count=1000)
    Publications.objects.filter(institution_id="beta", period__year=YEAR).update(count=1100)
    findings = [f for f in found("yoy_credibility") if f.statistic == "publications_by_institution"]
    assert [f.institution_id for f in findings] == ["alpha"]


def test_it_finds_a_current_figure_quoted_differently_from_the_table(clean):
    figure(YEAR, "agreements", {"country": "RU", "region_section": "ТМД"}, 118,
           "seed 001_synthetic.txt line 500; agreements_by_country.csv row 2", "Ресей")
    figure(YEAR - 1, "agreements", {"country": "RU"}, 100,
           f"seed 001_synthetic.txt line 52; report_{YEAR}_earlier_years.csv row 9", "Ресей – 120 бірлік (2022 ж. – 100)")
    [finding] = found("text_vs_table")
    assert "quotes 120" in finding.message("en") and "gives 118" in finding.message("en")


def test_it_flags_an_outlier_across_heis(clean):
    row = DoubleDegreeProgramme.objects.filter(institution_id="gamma", period__year=YEAR).first()
    DoubleDegreeProgramme.objects.filter(pk=row.pk).update(enrolment=400)
    findings = [f for f in found("outliers") if f.statistic == "double_degree_programmes_enrolment"]
    assert [f.institution_id for f in findings] == ["gamma"] and findings[0].severity.value == "info"
