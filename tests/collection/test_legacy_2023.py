"""The 2023 report's tables imported faithfully: the figures a reader checks against the seed.

Each expectation is hand-counted from `../shared/seeds/001_9c33b7804b188c2b.txt`; the line numbers
are given so that anyone can check them. The read service (`analytics.read.Reader`) is what every
document prints, so the figures are read through it where a statistic exists.
"""

from __future__ import annotations

import pytest

from intlmon.collection.legacy import import_tables, repeated_rows
from intlmon.records.models import DoubleDegreeProgramme, JointProgramme, Presence
from tests.helpers import loaded_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, reference_2023):
    with django_db_blocker.unblock(), loaded_registry():
        yield import_tables(reference_2023, 2023)


def reader():
    from intlmon.analytics.read import Reader

    return Reader(2023)


# -- Kazakh offices abroad (lines 710–765) -------------------------------------------------------------


def test_offices_abroad_are_36_distinct_entries_not_46(imported):
    """The table prints 46 rows (lines 713–765); its rows numbered 18–25, 27 and 29 repeat earlier rows
    under other spellings: 18–20 = Zhetysu's rows of lines 727–729, 21 = Toraighyrov (733), 22 = ZKATU
    (736), 23 = Atyrau oil & gas (737), 24–25 = ENU (715, 714), 27 = KazNPU–MPGU (720), 29 = KazNU's
    Bishkek branch (713)."""
    assert reader().total("kz_branches_abroad") == 36
    repeats = {(r["printed_no"], r["lines"]): r["repeats_lines"] for r in imported.repeated
               if r["table"] == "kz_hei_branches_abroad.csv"}
    assert repeats == {
        ("18", "750"): "727", ("19", "751"): "728", ("20", "752"): "729", ("21", "753"): "733",
        ("22", "754"): "736", ("23", "755+759"): "737", ("24", "760"): "715", ("25", "761"): "714",
        ("27", "763"): "720", ("29", "765"): "713",
    }
    # row 26 (SKU in Chirchik, line 762) and row 28 (KazNU in Istanbul, line 764) are new entries
    kept = set(Presence.objects.filter(direction="outbound").values_list("source_row", flat=True))
    assert {44, 46} <= kept  # CSV rows of lines 762 and 764


def test_repeated_rows_are_visible_to_the_audit(imported):
    seen = repeated_rows(2023)
    assert len(seen) == len(imported.repeated) == 12
    atu = next(r for r in seen if r["institution"] == "atu")
    assert (atu["lines"], atu["repeats_lines"], atu["lookalike"]) == ("1253", "1237", True)


# -- joint programmes: the doctoral row (lines 1019–1023) ----------------------------------------------


def test_the_doctoral_joint_programme_is_kept(imported):
    """Line 1021: the only doctoral joint programme, 3 students (Vilnius University, 7M10103 Nursing),
    whose HEI cell lost the HEI's name. Қосымша 4 (line 878) gives Karaganda Medical University 3
    programmes / 17 students = lines 948 (12) + 1005 (2) + this row (3)."""
    enrolment = reader().by("joint_programmes_enrolment", 2023, "level")
    assert enrolment == {"bachelor": 1814, "master": 159, "doctorate": 3}  # in text: 1814 / 159 / 3
    assert reader().total("joint_programmes_enrolment") == 1976  # line 903: Барлығы 84 | 1976
    doctoral = JointProgramme.objects.get(level="doctorate")
    assert (doctoral.institution_id, doctoral.enrolment, doctoral.country_id) == ("karaganda-medical", 3, "LT")
    karaganda = JointProgramme.objects.filter(institution_id="karaganda-medical")
    assert sorted(karaganda.values_list("enrolment", flat=True)) == [2, 3, 12]
    assert imported.attributed[0]["lines"] == "1021+1023"


# -- double-degree programmes: look-alike repeat and the multi-country cell ---------------------------


def test_the_atu_htmi_programme_is_counted_once(imported):
    """Line 1237 (№59, partner 'HTMI', code 6B11102) and line 1253 (№73, 'НТМІ' and '6В11102' in
    Cyrillic look-alike letters, same date 15.08.2014 and 22 students) are one programme."""
    atu = DoubleDegreeProgramme.objects.filter(institution_id="atu", programme_code="6B11102", country_id="CH")
    assert atu.count() == 1 and atu.get().enrolment == 22
    assert atu.get().source_row == 60  # the first spelling is the one kept (CSV row of line 1237)
    # the same rule finds №205 (line 1404, '7M04242') repeating №203 (line 1400, '7М04242')
    caspian = DoubleDegreeProgramme.objects.filter(institution_id="caspian-public", programme_code="7M04242")
    assert caspian.count() == 1


def test_a_cell_naming_two_countries_counts_for_each(imported):
    """Line 1239: AlmaU with EU Business School, 'Швейцария, Испания'. Switzerland has other rows
    (lines 1236–1237) but Spain has none: it is the 23rd partner country."""
    eu = DoubleDegreeProgramme.objects.get(partner_raw="EU Business School")
    assert (eu.country_id, eu.countries) == ("CH", ["CH", "ES"])
    countries = {c for p in DoubleDegreeProgramme.objects.all() for c in p.countries}
    assert len(countries) == 23 and "ES" in countries
    assert not DoubleDegreeProgramme.objects.exclude(pk=eu.pk).filter(country_id="ES").exists()


def test_the_read_service_counts_23_double_degree_partner_countries(imported):
    assert reader().total("double_degree_partner_countries") == 23
    by_country = reader().by("double_degree_programmes", 2023, "country")
    assert by_country["ES"] == 1 and by_country["CH"] == 3  # lines 1236, 1237, 1239 (1253 repeats 1237)
    assert reader().total("double_degree_programmes") == 209  # the programme counts once in the total
    assert reader().by("double_degree_programmes", 2023, "level")["bachelor"] == 72  # and once by level


# -- foreign branches in Kazakhstan (lines 77–92 and 208–285) -----------------------------------------


def test_ten_foreign_branches_operate_and_six_are_planned(imported):
    """Line 210: 10 representations/centres work at 9 HEIs (items 1)–10), lines 212–270); line 272:
    'several branches are being prepared' (items 1)–6), lines 274–285) = list items 11–16 (lines 88–92)."""
    assert reader().by("foreign_branches_in_kz", 2023, "status") == {"operating": 10, "planned": 6}
    planned = Presence.objects.filter(direction="inbound", status="planned")
    assert set(planned.values_list("partner_id", flat=True)) == {
        "hwu", "gazi", "seoultech", "tiiame", "tianjin-vocational", "istanbul-u"}


def test_the_iranian_centre_keeps_its_country(imported):
    """Line 84: 'Атырау университеті базасындағы Иран тілі мен мәдениеті орталығы' names no partner
    HEI but names Iran (line 266: 'Иран Ислам Республикасы'); 8 countries in all: Russia (items 1–3,
    9), Korea (4, 6, 10, 13), Mongolia (5), Turkey (7, 12, 16), Iran (8), UK (11), Uzbekistan (14),
    China (15)."""
    iran = Presence.objects.get(direction="inbound", source_row=9)
    assert iran.country_id == "IR" and iran.kind == "centre"
    assert set(reader().by("foreign_branches_in_kz", 2023, "country")) == {"RU", "KR", "MN", "TR", "IR", "GB", "UZ", "CN"}


def test_double_degree_programmes_by_level(imported):
    """212 printed rows (lines 1167–1414): 73 bachelor (heading line 1165), 134 master (1255) and 5
    doctoral ('ДОКТОРАНТУРА 5', line 1409). Stored: bachelor 72 (№73, line 1253, repeats №59), master
    132 (№205, line 1404, repeats №203; №207, line 1406, has no cell filled), doctorate 5."""
    assert reader().by("double_degree_programmes", 2023, "level") == {"bachelor": 72, "master": 132, "doctorate": 5}
    assert [s["lines"] for s in imported.skipped] == ["1406"]
