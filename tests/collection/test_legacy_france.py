"""The France note's tables (2022) imported so that the note can say what its source states.

Every expectation is checked by hand against `../shared/seeds/000_183db241aca32c40.txt`, whose line
numbers are cited. Two kinds of figure are pinned: what the records add up to (the rows of the
note's tables) and what the text states (published figures with their source line).
"""

from __future__ import annotations

import pytest
from django.db.models import Sum

from intlmon.collection.legacy import import_tables
from intlmon.records.models import DoubleDegreeProgramme, PublishedFigure, VisitingFaculty
from intlmon.registry.models import ReviewItem
from tests.helpers import loaded_registry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, reference_2023):
    with django_db_blocker.unblock(), loaded_registry():
        yield import_tables(reference_2023 / "france", 2022)


def stated(quantity: str, **dims) -> list[tuple[int, int]]:
    """(value, seed line) of every published figure that states `quantity` for France with `dims`."""
    rows = PublishedFigure.objects.filter(period__year=2022, quantity=quantity, quantity_dimension__country="FR")
    rows = [f for f in rows if {k: v for k, v in f.quantity_dimension.items() if k != "country"} == dims]
    return sorted((int(f.value), f.source_line) for f in rows)


def test_the_text_states_84_agreements_by_27_heis(imported):
    # line 90: "27 Kazakhstani OVPO have signed **84** agreements with French educational organizations"
    assert stated("agreements_by_country") == [(84, 90)]
    assert stated("institutions_with_agreements") == [(27, 90)]
    figure = PublishedFigure.objects.get(period__year=2022, quantity="agreements_by_country")
    assert "84" in figure.quote and "000_183db241aca32c40.txt line 90" in figure.source


def test_eight_projects_of_five_heis(imported):
    # line 92: "**5** OVPO participate in **8** international projects"; Table 1 (lines 96–161) has
    # eight rows: KazNU ×4 (101–104), ENU (117), Satbayev (129), NKU (156/159), KRMU (161)
    assert stated("projects_by_country") == [(8, 92)]
    assert stated("institutions_with_projects") == [(5, 92)]
    from intlmon.records.models import Project

    projects = Project.objects.filter(period__year=2022)
    assert projects.count() == 8
    assert set(projects.values_list("institution_id", flat=True)) == {"kaznu", "enu", "satbayev", "kozybayev", "krmu"}
    # five of them name several countries (lines 101, 117–122, 129–131, 156–159, 161); read for France,
    # as the note reads them through the read service, all eight count
    from intlmon.analytics.read import Reader

    assert Reader(2022).by("projects_by_country", 2022, "country")["FR"] == 8


def test_double_degree_programmes_languages_and_funding(imported):
    # line 94: "4 Kazakhstani OVPO … **8** double-degree programs …, of which **4** DDP are in English …
    # **127** people"; line 169: "In total | … | 8 | … | 127"
    assert stated("double_degree_programmes") == [(8, 94), (8, 169)]
    assert stated("double_degree_programmes_enrolment") == [(127, 94), (127, 169)]
    assert stated("double_degree_programmes_by_language", language="en") == [(4, 94)]
    assert stated("institutions_with_double_degree_programmes") == [(4, 94)]
    ddp = DoubleDegreeProgramme.objects.filter(period__year=2022)
    assert ddp.count() == 8  # lines 167, 171–177
    assert set(ddp.values_list("institution_id", flat=True)) == {"almau", "kaznu", "kaznpu", "kazguu"}
    # lines 171–173: 'rus/kaz/ French', 'Abai-Vern'; 174–176: French, 'at the expense of the university'
    assert sorted(ddp.values_list("funding", flat=True)) == ["extra_budgetary"] * 3 + ["grant"] * 3 + ["student"] * 2
    assert [p.languages for p in ddp.filter(institution_id="kaznu")] == [["ru", "kk", "fr"]] * 3
    # the records hold 2 English-taught programmes (lines 167, 177); the text says 4 (line 94)
    assert sum(1 for p in ddp if "en" in p.languages) == 2


def test_visiting_specialists_are_25_not_34(imported):
    """Line 31: 25 specialists, 22 paid from extra-budgetary funds (Table 1, 'IN TOTAL 22', line 72),
    3 from the republican budget (Table 2, 'IN TOTAL 3', line 86). Sub-rows with their own counts
    ('2 online', line 62) are not added to their HEI's total a second time."""
    visiting = VisitingFaculty.objects.filter(period__year=2022)
    assert visiting.aggregate(n=Sum("headcount"))["n"] == 25
    assert visiting.filter(funding="extra_budgetary").aggregate(n=Sum("headcount"))["n"] == 22
    assert visiting.filter(funding="republican_budget").aggregate(n=Sum("headcount"))["n"] == 3
    # the breakdowns the text gives (lines 31, 45–50) follow from the rows
    assert visiting.filter(format="physical").aggregate(n=Sum("headcount"))["n"] == 18
    assert visiting.filter(format="online").aggregate(n=Sum("headcount"))["n"] == 7
    by_field = {f: n for f, n in visiting.values_list("field_id").annotate(n=Sum("headcount"))}
    assert by_field == {"01": 2, "02": 2, "04": 8, "05": 10, "07": 2, "10": 1}
    # KazNU (line 61: total 5) = 1 (Gustave Roussy) + 2 (Aix-Marseille, line 62) + 2 (Strasbourg, line 63)
    kaznu = visiting.filter(institution_id="kaznu", funding="extra_budgetary").order_by("source_row")
    assert [v.headcount for v in kaznu] == [1, 2, 2]
    # KazNPU (line 64: total 8) prints five sub-rows of 2 (lines 64–68): one record of 8, every partner kept
    kaznpu = visiting.get(institution_id="kaznpu")
    assert kaznpu.headcount == 8 and set(kaznpu.partners) >= {"unistra", "lorraine", "poitiers"}
    assert any(a["table"] == "visiting_specialists_extrabudgetary.csv" and a["row"] == 6 for a in imported.adjusted)
    assert stated("visiting_faculty") == [(25, 31)]
    assert stated("visiting_faculty", funding="extra_budgetary") == [(22, 31), (22, 72)]
    assert stated("visiting_faculty", category="national") == [(17, 34)]
    assert stated("visiting_faculty_by_field", degree="Doctor of Sciences") == [(20, 40)]
    assert stated("institutions_with_visiting_faculty") == [(6, 31)]


def test_outbound_students_101_with_aimu_and_mua_on_the_review_queue(imported):
    """Line 5: 101 students (ENU 1, KazNU 31, KazNMU 1, KazNPU 9, ZHENPU 3, AIMU 27, KAZUMOIMYA 1,
    MUA 1, KIMEP 19, UMB 2, KBTU 3, MUIT 1, Narkhoz 2). 'AIMU' (AlMU in OCR) and 'MUA' name no single
    HEI: their names wait for a reviewer, their counts stay in the list as printed."""
    assert stated("mobility_by_country", direction="outbound", person="student") == [(101, 5)]
    listed = PublishedFigure.objects.filter(period__year=2022, statistic="mobility_students_outbound")
    assert listed.count() == 13 and sum(int(f.value) for f in listed) == 101
    unresolved = {f.label: int(f.value) for f in listed if not f.quantity_dimension["institution"]}
    assert unresolved == {"AIMU": 27, "MUA": 1}
    queued = ReviewItem.objects.filter(kind="institution", status="open")
    assert {"AIMU", "MUA"} <= set(queued.values_list("raw", flat=True))
    assert queued.get(raw="AIMU").candidate_ids[0] == "almau"  # the reviewer is offered AlmaU first


def test_inbound_mobility_staff_exchange_and_degree_students(imported):
    # line 9: 17 French students (by French HEI 3+2+11+1, at AlMU 4, KazGUU 2, KazNU 11)
    assert stated("mobility_by_country", direction="inbound", person="student") == [(17, 9)]
    by_partner = {f.quantity_dimension["partner"]: int(f.value)
                  for f in PublishedFigure.objects.filter(period__year=2022, quantity="mobility_by_partner")}
    assert by_partner == {"excelia": 3, "ieseg": 2, "sciencespo-bordeaux": 11, "toulouse": 1}
    # line 27: 14 Kazakh teaching staff, 2 French
    assert stated("mobility_by_country", direction="outbound", person="staff") == [(14, 27)]
    assert stated("mobility_by_country", direction="inbound", person="staff") == [(2, 27)]
    # line 13: 3 students from France studying for a degree (1 at KazNPU, 2 at KIMEP)
    assert stated("international_students") == [(3, 13)]


def test_the_three_degree_students_are_records(imported):
    """Line 13: 3 students from France study for a degree, at KazNPU (4th year of a bachelor's degree)
    and 2 at KIMEP; the 1 at KazNPU is the difference (the line prints no count for it)."""
    from intlmon.analytics.read import Reader
    from intlmon.records.models import InternationalStudents

    students = InternationalStudents.objects.filter(period__year=2022)
    assert sorted(students.values_list("institution_id", "level", "headcount")) == [
        ("kaznpu", "bachelor", 1), ("kimep", "", 2)]
    assert Reader(2022).by("international_students", 2022, "country")["FR"] == 3
