"""Programme statistics on a hand-built dataset; expected values worked out in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intlmon.analytics.registry import Source, compute
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme

KINDS = [
    (DoubleDegreeProgramme, "double_degree_programmes", "double_degree"),
    (JointProgramme, "joint_programmes", "joint_programme"),
]


def build(world, model):
    h1, h2 = world.heis
    world.add(model, h1, level="master", country_id="FR", field_id="04", funding="student", enrolment=10, languages=["en", "fr"])
    world.add(model, h1, level="master", country_id="RU", field_id="05", enrolment=4, languages=["ru"])
    world.add(model, h1, level="bachelor", partner_raw="unresolved partner", enrolment=None, languages=[])
    world.add(model, h2, level="bachelor", country_id="TR", field_id="04", enrolment=6, languages=["en"])
    # not counted: a superseded (non-current) version of hei1
    world.add(model, h1, world.submission(h1, current=False), level="doctorate", country_id="CN", enrolment=50)


@pytest.mark.parametrize(("model", "prefix", "short"), KINDS)
def test_it_counts_programmes_by_every_dimension(world, model, prefix, short):
    build(world, model)
    r = compute(prefix, 2023)
    assert r.total() == 4  # A, B, C of hei1 + D of hei2
    assert r.by("level") == {"bachelor": 2, "master": 2}
    assert r.by("institution") == {"hei1": 3, "hei2": 1}
    assert r.by("category") == {"national": 3, "private": 1}
    assert r.by("country") == {"": 1, "FR": 1, "RU": 1, "TR": 1}
    # Türkiye is filed under Europe for 2023 (the span overrides its default region, Asia)
    assert r.by("region") == {"europe": 2, "": 1, "cis": 1}
    assert r.by("field") == {"04": 2, "": 1, "05": 1}
    assert r.by("funding") == {"": 3, "student": 1}
    assert r.get(level="master", institution="hei1").value == 2
    assert r.sources == {Source.RECORDS}


@pytest.mark.parametrize(("model", "prefix", "short"), KINDS)
def test_it_sums_enrolment_and_divides_it_by_programmes_that_report_one(world, model, prefix, short):
    build(world, model)
    enrolment = compute(f"{prefix}_enrolment", 2023)
    assert enrolment.total() == 20  # 10 + 4 + 6; C reports none
    assert enrolment.by("level") == {"master": 14, "bachelor": 6}
    per = compute(f"{short}_enrolment_per_programme", 2023)
    assert per.total() == Decimal("6.7")  # 20 / 3 programmes with an enrolment
    assert per.by("level") == {"master": Decimal("7.0"), "bachelor": Decimal("6.0")}  # 14/2, 6/1


@pytest.mark.parametrize(("model", "prefix", "short"), KINDS)
def test_it_counts_a_programme_once_per_language(world, model, prefix, short):
    build(world, model)
    r = compute(f"{prefix}_by_language", 2023)
    assert r.by("language") == {"en": 2, "": 1, "fr": 1, "ru": 1}


@pytest.mark.parametrize(("model", "prefix", "short"), KINDS)
def test_it_counts_heis_and_partner_countries_once(world, model, prefix, short):
    build(world, model)
    heis = compute(f"institutions_with_{prefix}", 2023)
    assert heis.by("category") == {"national": 1, "private": 1}
    assert heis.total() == 2
    assert compute(f"{short}_partner_countries", 2023).total() == 3  # FR, RU, TR; CN only in uncounted rows


def test_it_takes_the_country_of_the_resolved_partner_when_the_cell_is_empty(world):
    from intlmon.registry.models import ForeignOrganisation

    org = ForeignOrganisation.objects.create(id="sorbonne", name_en="Sorbonne", country_id="FR")
    world.add(DoubleDegreeProgramme, world.heis[0], level="master", partner=org)
    assert compute("double_degree_programmes", 2023).by("country") == {"FR": 1}


def test_it_falls_back_to_the_printed_figures_by_level_for_a_year_without_records(world):
    for level, programmes, enrolment in (("bachelor", 71, 699), ("master", 130, 627), ("doctorate", 6, 11)):
        world.publish("double_degree_programmes", {"level": level}, programmes, year=2022)
        world.publish("double_degree_programmes_enrolment", {"level": level}, enrolment, year=2022)
    world.publish("double_degree_programmes", {}, 195, source="line 516", year=2022)
    r = compute("double_degree_programmes", 2022)
    assert r.sources == {Source.PUBLISHED}
    # the finest data held: the printed levels add up to 207; the headline 195 is the footnote
    assert r.total() == 207
    from intlmon.analytics.read import Reader

    assert Reader(2022).figure("double_degree_programmes").note == "published: 195 (line 516)"
    assert r.by("level") == {"master": 130, "bachelor": 71, "doctorate": 6}
    per = compute("double_degree_enrolment_per_programme", 2022)
    # 699/71 = 9.84…, 627/130 = 4.82…, 11/6 = 1.83…; overall (699+627+11)/(71+130+6) = 1337/207 = 6.45…
    assert per.by("level") == {"bachelor": Decimal("9.8"), "master": Decimal("4.8"), "doctorate": Decimal("1.8")}
    assert per.total() == Decimal("6.5")
