"""Agreements, presences, projects, publications, mobility, visiting faculty, international students:
each statistic on a hand-built dataset, expected values worked out in the comments."""

from __future__ import annotations

from intlmon.analytics.registry import Source, compute
from intlmon.records.models import (
    Agreement,
    InternationalStudents,
    MobilityFlow,
    Presence,
    Project,
    Publications,
    VisitingFaculty,
)


def test_it_counts_agreements_by_hei_country_and_direction(world):
    h1, h2 = world.heis
    world.add(Agreement, h1, country_id="FR", directions=["mobility", "research"])
    world.add(Agreement, h1, country_id="RU", directions=["mobility"])
    world.add(Agreement, h2, country_id="RU", directions=[])
    assert compute("agreements", 2023).by("category") == {"national": 2, "private": 1}
    assert compute("agreements", 2023).total() == 3
    by_country = compute("agreements_by_country", 2023)
    assert by_country.by("country") == {"RU": 2, "FR": 1}
    assert by_country.by("region") == {"cis": 2, "europe": 1}
    # the first agreement has two directions and counts under each; the third has none
    assert compute("agreements_by_direction", 2023).by("direction") == {"mobility": 2, "": 1, "research": 1}
    assert compute("agreement_partner_countries", 2023).total() == 2


def test_it_serves_2023_agreements_from_the_printed_tables(world):
    world.publish("agreements", {"country": "RU", "region_section": "ТМД"}, 1710, "line 620")
    world.publish("agreements", {"country": "FR", "region_section": "Европа"}, 90, "line 640")
    world.publish("agreements", {"direction": "Бірлескен зерттеу"}, 1539, "line 205")
    world.publish("stated:agreements_by_country", {"kind": "in_text", "section": "", "label":
                  "in text: active international agreements, total"}, 6044, "line 44")
    world.publish("stated:agreements_by_country", {"kind": "in_text", "section": "Ұлттық", "label":
                  "in text: agreements of national HEIs"}, 1544, "line 42")
    by_country = compute("agreements_by_country", 2023)
    assert by_country.sources == {Source.PUBLISHED}
    assert by_country.by("country") == {"RU": 1710, "FR": 90}
    assert by_country.by("region") == {"cis": 1710, "europe": 90}
    assert by_country.get(country="RU", region="cis").note == "line 620"
    assert compute("agreements_by_direction", 2023).by("direction") == {"research": 1539}
    headline = compute("agreements", 2023)
    assert headline.total() == 6044
    assert headline.by("category") == {"national": 1544}


def test_it_counts_a_figure_printed_twice_once_and_notes_a_conflict(world):
    world.publish("projects", {}, 363, "line 126", year=2022)
    world.publish("projects", {}, 363, "line 126b", year=2022)
    world.publish("projects", {}, 295, "line 301", year=2022)
    result = compute("projects", 2022)
    assert result.total() == 363  # printed twice against once
    assert "295 (line 301)" in result.values[0].note


def test_it_counts_presences_both_ways(world):
    h1, h2 = world.heis
    world.add(Presence, h1, direction="inbound", kind="centre", name="Centre A", country_id="FR")
    world.add(Presence, h1, direction="inbound", kind="branch", name="Branch B", country_id="CN")
    world.add(Presence, h2, direction="outbound", kind="representation", name="Office C", country_id="RU")
    world.add(Presence, h2, direction="outbound", kind="office", name="Office D", country_id="TR")
    world.add(Presence, h2, direction="outbound", kind="office", name="Office E", country_id="TR")
    inbound = compute("foreign_branches_in_kz", 2023)
    assert (inbound.total(), inbound.by("country"), inbound.by("kind")) == (2, {"CN": 1, "FR": 1}, {"branch": 1, "centre": 1})
    outbound = compute("kz_branches_abroad", 2023)
    assert (outbound.total(), outbound.by("institution"), outbound.by("region")) == (3, {"hei2": 3}, {"europe": 2, "cis": 1})
    assert compute("institutions_hosting_foreign_branches", 2023).by("category") == {"national": 1}
    assert compute("institutions_with_branches_abroad", 2023).by("category") == {"private": 1}
    assert compute("kz_branches_abroad_countries", 2023).total() == 2  # RU, TR


def test_it_sums_projects_by_kind_hei_country_field_and_funder(world):
    h1, h2 = world.heis
    world.add(Project, h1, kind="research", country_id="FR", field_id="05", funder="Horizon Europe")
    world.add(Project, h1, kind="educational", country_id="RU", funder="Erasmus+")
    world.add(Project, h2, kind="educational", quantity=5)  # a legacy count: five projects, no country
    projects = compute("projects", 2023)
    assert projects.total() == 7
    assert projects.by("kind") == {"educational": 6, "research": 1}
    assert projects.by("category") == {"private": 5, "national": 2}
    assert compute("projects_by_country", 2023).by("country") == {"FR": 1, "RU": 1}
    assert compute("projects_by_field", 2023).by("field") == {"05": 1}
    assert compute("projects_by_funder", 2023).by("funder") == {"Erasmus+": 1, "Horizon Europe": 1}
    assert compute("institutions_with_projects", 2023).total() == 2


def test_it_reads_printed_projects_by_country_as_kind_and_country(world):
    world.publish("projects_research", {"country": "FR"}, 4)
    world.publish("projects_educational", {"country": "FR"}, 2)
    world.publish("projects_educational", {"country": "RU"}, 3)
    r = compute("projects_by_country", 2023)
    assert r.by("kind") == {"educational": 5, "research": 4}
    assert r.by("country") == {"FR": 6, "RU": 3}
    assert r.get(kind="research", country="FR", region="europe").value == 4


def test_it_sums_publications_by_database_field_and_hei(world):
    h1, h2 = world.heis
    world.add(Publications, h1, database="scopus", field_id="04", count=100, with_foreign_coauthors=30)
    world.add(Publications, h1, database="wos", field_id="04", count=40, with_foreign_coauthors=10)
    world.add(Publications, h2, database="scopus", field_id="05", count=7)
    pubs = compute("publications", 2023)
    assert pubs.total() == 147
    assert pubs.by("database") == {"scopus": 107, "wos": 40}
    assert pubs.by("field") == {"04": 140, "05": 7}
    assert compute("publications_by_institution", 2023).by("institution") == {"hei1": 140, "hei2": 7}
    assert compute("publications_with_foreign_coauthors", 2023).by("database") == {"scopus": 30, "wos": 10}


def test_it_maps_printed_field_names_to_the_classifier(world):
    world.publish("publications_scopus", {"field_raw": "Business, administration and law"}, 363)
    world.publish("publications_wos", {"field_raw": "Естественные науки"}, 98)
    r = compute("publications", 2023)
    assert r.by("field") == {"04": 363, "05": 98}
    assert r.by("database") == {"scopus": 363, "wos": 98}


def test_it_sums_mobility_both_ways(world):
    h1, h2 = world.heis
    world.add(MobilityFlow, h1, direction="outbound", person="student", level="bachelor", country_id="FR",
              field_id="04", format="physical", funding="grant", headcount=12)
    world.add(MobilityFlow, h1, direction="outbound", person="staff", country_id="RU", format="online", headcount=3)
    world.add(MobilityFlow, h2, direction="inbound", person="student", level="master", country_id="CN",
              format="physical", funding="partner", headcount=5)
    m = compute("mobility", 2023)
    assert m.total() == 20
    assert m.by("direction") == {"outbound": 15, "inbound": 5}
    assert m.by("format") == {"physical": 17, "online": 3}
    assert m.get(direction="outbound", person="student", level="bachelor", format="physical", funding="grant").value == 12
    assert compute("mobility_by_institution", 2023).by("institution") == {"hei1": 15, "hei2": 5}
    assert compute("mobility_by_country", 2023).by("region") == {"europe": 12, "asia": 5, "cis": 3}
    assert compute("mobility_by_field", 2023).by("field") == {"04": 12, "": 8}


def test_it_reads_the_france_note_mobility_figures(world):
    label = "in text: Kazakhstani students in academic mobility in France, 2022"
    world.publish("stated:student_mobility_counts", {"kind": "in_text", "section": "", "label": label}, 101, year=2022)
    r = compute("mobility_by_country", 2022)
    assert r.get(direction="outbound", person="student", country="FR", region="europe").value == 101


def test_it_sums_visiting_faculty_and_international_students(world):
    h1, h2 = world.heis
    world.add(VisitingFaculty, h1, headcount=4, country_id="FR", academic_degree="PhD", field_id="05",
              format="online", funding="extra_budgetary")
    world.add(VisitingFaculty, h2, headcount=1, country_id="FR", format="physical", funding="republican_budget")
    vf = compute("visiting_faculty", 2023)
    assert (vf.total(), vf.by("funding"), vf.by("category")) == (
        5, {"extra_budgetary": 4, "republican_budget": 1}, {"national": 4, "private": 1})
    assert compute("visiting_faculty_by_country", 2023).by("country") == {"FR": 5}
    assert compute("visiting_faculty_by_field", 2023).by("degree") == {"PhD": 4, "": 1}
    world.add(InternationalStudents, h1, country_id="CN", level="bachelor", headcount=30)
    world.add(InternationalStudents, h2, country_id="TR", level="master", headcount=2)
    st = compute("international_students", 2023)
    assert (st.total(), st.by("region"), st.by("level")) == (32, {"asia": 30, "europe": 2}, {"bachelor": 30, "master": 2})
    assert compute("international_students_by_institution", 2023).by("institution") == {"hei1": 30, "hei2": 2}


def test_it_builds_the_summary_card_from_the_other_statistics(world):
    from intlmon.records.models import DoubleDegreeProgramme

    world.add(DoubleDegreeProgramme, world.heis[0], level="master", enrolment=8)
    world.add(MobilityFlow, world.heis[0], direction="inbound", person="student", headcount=3)
    world.publish("agreements", {}, 6044)
    card = compute("summary", 2023).by("indicator")
    assert card == {"agreements": 6044, "double_degree_programmes_enrolment": 8, "inbound_mobility": 3,
                    "double_degree_programmes": 1}
    sources = {v.dimension["indicator"]: v.source for v in compute("summary", 2023).values}
    assert sources["agreements"] == Source.PUBLISHED and sources["inbound_mobility"] == Source.RECORDS
