"""Every criterion evaluated on hand-built partnerships: met, not met and no evidence (and not applicable
where a criterion concerns branches only). A missing fact is never met."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from intlmon.partnerships.assess import assess, summary
from intlmon.partnerships.criteria import BY_ID, CRITERIA, MET, NO_EVIDENCE, NOT_APPLICABLE, NOT_MET, Context
from intlmon.partnerships.models import Ranking, TargetIndicator
from intlmon.records.models import DoubleDegreeProgramme, MobilityFlow, Project, VisitingFaculty


def state(pworld, criterion, p, year=2023):
    return BY_ID[criterion].assess(Context.of(p, year)).state


def outcome(criterion, p, year=2023):
    return BY_ID[criterion].assess(Context.of(p, year))


# -- facts of the register: (criterion, facts that meet it, facts that do not) --------------------------------
FACTS = [
    ("long_term", {"term_years": 10}, {"term_years": 3}),
    ("ministry_agreement", {"ministry_agreement": "No. 12-3/456", "ministry_agreement_date": date(2023, 3, 1)},
     {"stated_none": ["ministry_agreement"]}),
    ("languages", {"teaching_languages": ["kk", "ru", "en"]}, {"teaching_languages": ["ru", "en"]}),
    ("kazakh_disciplines", {"kazakh_language_disciplines": 2, "history_of_kazakhstan": True},
     {"kazakh_language_disciplines": 0}),
    ("industry", {"other_parties": ["Kazphosphate LLP"]}, {"stated_none": ["other_parties"]}),
    ("joint_committees", {"joint_committees": ["Admission"]}, {"stated_none": ["joint_committees"]}),
    ("quality_assurance", {"quality_assurance": "programme approval by both senates"},
     {"stated_none": ["quality_assurance"]}),
    ("third_mission", {"third_mission": "evening courses for the town"}, {"stated_none": ["third_mission"]}),
    ("staff_ratio", {"foreign_staff_share": Decimal("30"), "kazakh_staff_share": Decimal("70")},
     {"foreign_staff_share": Decimal("45")}),
    ("staff_development", {"staff_development": "summer school at the partner"},
     {"stated_none": ["staff_development"]}),
    ("funding", {"funding_sources": ["republican_budget", "partner"]}, {"stated_none": ["funding_sources"]}),
    ("foreign_staff", {"foreign_staff_share": Decimal("20")}, {"foreign_staff_share": Decimal("0")}),
]
BRANCH_FACTS = [
    ("registration", {"registration": "BIN 230140012345"}, {"stated_none": ["registration"]}),
    ("licence", {"licence": "KZ12LAA00001234", "licensed_on": date(2023, 8, 1)}, {"stated_none": ["licence"]}),
    ("governance", {"governance": "a board of three members from each side"}, {"stated_none": ["governance"]}),
]


@pytest.mark.parametrize("criterion,good,bad", FACTS, ids=[f[0] for f in FACTS])
def test_a_register_fact_meets_fails_or_lacks_evidence(pworld, criterion, good, bad):
    assert state(pworld, criterion, pworld.partnership("met", **good)) == MET
    assert state(pworld, criterion, pworld.partnership("not-met", **bad)) == NOT_MET
    assert state(pworld, criterion, pworld.partnership("silent")) == NO_EVIDENCE


@pytest.mark.parametrize("criterion,good,bad", BRANCH_FACTS, ids=[f[0] for f in BRANCH_FACTS])
def test_branch_criteria_apply_to_branches_only(pworld, criterion, good, bad):
    assert state(pworld, criterion, pworld.partnership("met", model="branch", **good)) == MET
    assert state(pworld, criterion, pworld.partnership("not-met", model="consortium", **bad)) == NOT_MET
    assert state(pworld, criterion, pworld.partnership("silent", model="branch")) == NO_EVIDENCE
    assert state(pworld, criterion, pworld.partnership("school", model="joint_school", **good)) == NOT_APPLICABLE


def test_the_evidence_of_a_fact_carries_its_source(pworld):
    p = pworld.partnership(term_years=10, sources={"term_years": "agreement of 1 March 2023, §7"})
    assert outcome("long_term", p).evidence == [
        {"kind": "fact", "field": "term_years", "value": 10, "source": "agreement of 1 March 2023, §7"}]


def test_an_open_ended_partnership_is_long_term(pworld):
    assert state(pworld, "long_term", pworld.partnership(open_ended=True)) == MET


def test_a_staff_ratio_with_too_many_kazakh_staff_is_not_met(pworld):
    p = pworld.partnership(foreign_staff_share=Decimal("20"), kazakh_staff_share=Decimal("80"))
    assert state(pworld, "staff_ratio", p) == NOT_MET


def test_history_of_kazakhstan_not_taught_is_not_met_and_half_the_facts_is_no_evidence(pworld):
    assert state(pworld, "kazakh_disciplines", pworld.partnership("a", kazakh_language_disciplines=3,
                                                                   history_of_kazakhstan=False)) == NOT_MET
    assert state(pworld, "kazakh_disciplines", pworld.partnership("b", kazakh_language_disciplines=3)) == NO_EVIDENCE


# -- rankings ----------------------------------------------------------------------------------------------
def ranking(org="uni-a", edition=2024, rank_from=120, rank_to=None, name=""):
    return Ranking.objects.create(organisation_id=org or None, organisation_name=name, system="qs", edition=edition,
                                  rank_from=rank_from, rank_to=rank_to, source_url="https://example.org/qs",
                                  retrieved_on=date(2024, 6, 5), entered_by="analyst")


def test_top500_met_by_a_ranked_partner_and_not_met_by_a_band_beyond_500(pworld):
    p = pworld.partnership()
    assert state(pworld, "top500", p) == NO_EVIDENCE
    ranking(rank_from=551, rank_to=600)
    assert state(pworld, "top500", p) == NOT_MET
    ranking(rank_from=401, rank_to=500, edition=2023)
    result = outcome("top500", p)
    assert result.state == MET
    assert result.evidence[0]["position"] == "401–500"
    assert result.evidence[0]["url"] == "https://example.org/qs"


def test_a_band_straddling_500_is_not_top500(pworld):
    ranking(rank_from=451, rank_to=550)
    assert state(pworld, "top500", pworld.partnership()) == NOT_MET


def test_an_edition_outside_the_window_is_no_evidence(pworld):
    ranking(edition=2018, rank_from=100)
    assert state(pworld, "top500", pworld.partnership()) == NO_EVIDENCE
    assert state(pworld, "top500", pworld.partnership("later"), year=2019) == MET


def test_a_partner_known_by_name_is_matched_to_its_ranking_by_name(pworld):
    p = pworld.partnership(partners=())
    p.partners.create(name="Technische  Universität Berlin")
    ranking(org=None, name="technische universität berlin", rank_from=148)
    assert state(pworld, "top500", p) == MET


# -- records ------------------------------------------------------------------------------------------------
RECORDS = [
    ("double_degree", DoubleDegreeProgramme, {}),
    ("mobility", MobilityFlow, {"direction": "outbound", "person": "student", "headcount": 4}),
    ("foreign_staff", VisitingFaculty, {"headcount": 2}),
]


@pytest.mark.parametrize("criterion,model,fields", RECORDS, ids=[r[0] for r in RECORDS])
def test_records_with_the_partner_meet_and_records_without_it_do_not(pworld, criterion, model, fields):
    hei = pworld.heis[0]
    p = pworld.partnership()
    assert state(pworld, criterion, p) == NO_EVIDENCE
    pworld.add(model, hei, partner_id="uni-b", **fields)
    if criterion != "foreign_staff":  # staff from another partner says nothing about this one's share
        assert state(pworld, criterion, p) == NOT_MET
    row = pworld.add(model, hei, partner_id="uni-a", **fields)
    result = outcome(criterion, p)
    assert result.state == MET
    assert [r["id"] for r in result.evidence[0]["records"]] == [row.pk]


def test_a_row_naming_the_partner_second_counts(pworld):
    p = pworld.partnership()
    pworld.add(DoubleDegreeProgramme, pworld.heis[0], partner_id="uni-b", partners=["uni-b", "uni-a"])
    assert state(pworld, "double_degree", p) == MET


def test_only_counted_versions_are_evidence(pworld):
    hei = pworld.heis[0]
    p = pworld.partnership()
    draft = pworld.submission(hei, status="draft")
    pworld.add(DoubleDegreeProgramme, hei, sub=draft, partner_id="uni-a")
    assert state(pworld, "double_degree", p) == NO_EVIDENCE


def test_another_heis_records_are_not_evidence(pworld):
    p = pworld.partnership()
    pworld.add(DoubleDegreeProgramme, pworld.heis[1], partner_id="uni-a")
    assert state(pworld, "double_degree", p) == NO_EVIDENCE


def test_research_not_met_only_when_the_hei_names_its_project_partners(pworld):
    hei = pworld.heis[0]
    p = pworld.partnership()
    pworld.add(Project, hei, kind="research", quantity=12)  # a legacy count without partners
    assert state(pworld, "research", p) == NO_EVIDENCE
    pworld.add(Project, hei, kind="research", partner_id="uni-b")
    assert state(pworld, "research", p) == NOT_MET
    pworld.add(Project, hei, kind="research", partner_id="uni-a", quantity=2)
    result = outcome("research", p)
    assert result.state == MET and result.evidence[0]["quantity"] == 2


def test_a_partner_outside_the_registry_gives_no_record_evidence(pworld):
    p = pworld.partnership(partners=())
    p.partners.create(name="Hof University of Applied Sciences")
    pworld.add(DoubleDegreeProgramme, pworld.heis[0], partner_id="uni-b")
    assert state(pworld, "double_degree", p) == NO_EVIDENCE


# -- targets -------------------------------------------------------------------------------------------------
def test_targets_agreed_and_met_per_year(pworld):
    p = pworld.partnership()
    assert state(pworld, "targets_agreed", p) == NO_EVIDENCE
    assert state(pworld, "targets_met", p) == NO_EVIDENCE
    TargetIndicator.objects.create(partnership=p, name="students enrolled", year=2023, target=50, actual=55)
    TargetIndicator.objects.create(partnership=p, name="joint papers", year=2024, target=5)
    assert state(pworld, "targets_agreed", p) == MET
    assert state(pworld, "targets_met", p) == MET
    assert state(pworld, "targets_met", p, year=2024) == NO_EVIDENCE  # no achieved value yet
    TargetIndicator.objects.create(partnership=p, name="joint papers", year=2023, target=5, actual=3)
    assert state(pworld, "targets_met", p) == NOT_MET
    none = pworld.partnership("none", stated_none=["targets"])
    assert state(pworld, "targets_agreed", none) == NOT_MET


# -- the whole -----------------------------------------------------------------------------------------------
def test_an_empty_partnership_meets_nothing(pworld):
    card = assess(pworld.partnership(model="branch"), 2023)
    assert {o.state for _c, o in card.results} == {NO_EVIDENCE}
    assert len(card.results) == len(CRITERIA)


def test_the_summary_counts_models_and_states(pworld):
    a = pworld.partnership("a", model="branch", term_years=10)
    b = pworld.partnership("b", model="franchise", term_years=2)
    s = summary([assess(a, 2023), assess(b, 2023)])
    assert s["per_model"]["branch"] == 1 and s["per_model"]["franchise"] == 1
    assert s["per_criterion"]["long_term"] == {MET: 1, NOT_MET: 1, NO_EVIDENCE: 0, NOT_APPLICABLE: 0}
    assert s["per_criterion"]["registration"][NOT_APPLICABLE] == 1
    assert s["missing_most"][0] != "long_term"
