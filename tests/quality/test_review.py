"""The review page's data for one version (quality/review.py), on a hand-built history of one HEI.

kaznpu: 2023 approved with 2 double-degree programmes (48 students); 2024 version 1 (3 programmes)
submitted, version 2 (4 programmes, one with no students, a row typed twice and confirmed) submitted
and under review. kaznu: 2024 approved with a programme without students (an audit finding of
another HEI, which must not reach kaznpu's page).
"""

from __future__ import annotations

import json

import pytest

from intlmon.analytics.registry import compute
from intlmon.collection.ingest import ingest_file
from intlmon.collection.models import Submission
from intlmon.collection.store import store_version
from intlmon.collection.template import write_template
from intlmon.quality.review import review_data

YEAR = 2024


def ddp(n: int, enrolment: int) -> dict:
    return {"level": "master", "programme": f"7M0410{n} Экономика", "partner": "Университет Лотарингии",
            "country": "Франция", "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"],
            "funding": "student", "enrolment": enrolment}


def upload(tmp_path, name, rows, **options):
    path = write_template(tmp_path / name, YEAR, lang="ru", institution="kaznpu",
                          rows={"double_degree_programmes": rows})
    result = ingest_file(path, YEAR, institution_id="kaznpu", lang="en", **options)
    assert result.stored is not None, result.as_dict()
    sub = result.stored.submission
    Submission.objects.filter(pk=sub.pk).update(status="submitted")
    return Submission.objects.get(pk=sub.pk)


@pytest.fixture
def history(reg, tmp_path):
    store_version(institution_id="kaznpu", year=2023, status="approved", records={"DoubleDegreeProgramme": [
        {"level": "master", "enrolment": 20}, {"level": "master", "enrolment": 28}],
        "Project": [{"kind": "research", "title": "Steppe soils"}]})
    store_version(institution_id="kaznu", year=YEAR, status="approved", records={"DoubleDegreeProgramme": [
        {"level": "master", "enrolment": 0, "programme_code": "7M04199", "partner_raw": "Somewhere"}]})
    v1 = upload(tmp_path, "v1.xlsx", [ddp(1, 11), ddp(2, 12), ddp(3, 13)])
    v2 = upload(tmp_path, "v2.xlsx", [ddp(1, 11), ddp(2, 12), ddp(3, 14), ddp(3, 14), ddp(4, 0)],
                confirmed=["duplicate_row"])
    return v1, v2


def test_it_shows_the_problems_confirmed_with_the_version_where_they_are(history):
    _v1, v2 = history
    data = review_data(v2, "en", audit=False)
    assert data.confirmed_warnings == ["duplicate_row"]
    [dup] = [p for p in data.problems if p.rule == "duplicate_row"]
    shape = dup.as_dict("en")
    assert shape["sheet"] and shape["row"] and "row" in shape["message"].lower()


def test_the_audit_findings_are_this_heis_and_read_as_if_the_version_counted(history):
    _v1, v2 = history
    findings = review_data(v2, "en").findings
    zero = [f for f in findings if f.check == "zero_enrolment"]
    assert [f.institution_id for f in zero] == ["kaznpu"]  # kaznu's programme without students is not shown
    assert all(f.institution_id == "kaznpu" or any(r.institution_id == "kaznpu" for r in f.records) for f in findings)


def test_year_on_year_changes_compare_the_version_with_the_last_approved_year(history):
    _v1, v2 = history
    data = review_data(v2, "en", audit=False)
    assert data.previous_year == 2023
    changes = {c.key: c for c in data.changes}
    assert (changes["double_degree_programmes"].old, changes["double_degree_programmes"].new) == (2, 4)
    assert changes["double_degree_programmes"].change == "doubled, from 2 to 4"
    assert (changes["double_degree_enrolment"].old, changes["double_degree_enrolment"].new) == (48, 37)
    assert changes["double_degree_enrolment"].change == "decreased from 48 to 37 (−22.9\u00a0%)"
    # the workbook's projects section is empty: a fall to 0, not a figure "not stated"
    assert (changes["projects_research"].old, changes["projects_research"].new) == (1, 0)
    assert changes["projects_research"].change == "fell from 1 to 0"
    assert "agreements" not in changes  # stated in neither year
    ru = {c.key: c for c in review_data(v2, "ru", audit=False).changes}
    assert ru["double_degree_programmes"].change == "рост в два раза: с 2 до 4"


def test_the_difference_from_the_previous_version(history):
    v1, v2 = history
    diff = review_data(v2, "en", audit=False).diff
    assert (diff.old_version, diff.new_version) == (1, 2)
    assert diff.counts() == {"added": 1, "removed": 0, "changed": 1}
    assert review_data(v1, "en", audit=False).diff is None


def test_reviewing_changes_nothing_the_statistics_count(history):
    v1, v2 = history
    review_data(v2, "en")
    assert compute("double_degree_programmes", YEAR).by("institution") == {"kaznu": 1}
    states = dict(Submission.objects.filter(institution_id="kaznpu", period__year=YEAR)
                  .values_list("version", "status"))
    assert states == {1: "submitted", 2: "submitted"}
    assert Submission.objects.get(institution_id="kaznpu", period__year=YEAR, is_current=True).pk == v2.pk
    # an older version is read as itself, and still leaves version 2 current
    older = {c.key: c for c in review_data(v1, "en", audit=False).changes}
    assert older["double_degree_programmes"].new == 3
    assert Submission.objects.get(institution_id="kaznpu", period__year=YEAR, is_current=True).pk == v2.pk


def test_imported_tables_have_no_file_to_read_again(history):
    sub = Submission.objects.get(institution_id="kaznu", period__year=YEAR)
    data = review_data(sub, "en", audit=False)
    assert data.problems is None and data.as_dict()["problem_counts"] is None


def test_the_json_shape(history):
    _v1, v2 = history
    data = json.loads(json.dumps(review_data(v2, "en").as_dict()))
    assert (data["institution"], data["year"], data["version"], data["status"]) == ("kaznpu", YEAR, 2, "submitted")
    assert data["problem_counts"]["error"] == 0 and data["problem_counts"]["warning"] >= 1
    assert data["diff"]["counts"] == {"added": 1, "removed": 0, "changed": 1}
    assert {"key": "double_degree_programmes", "old": 2, "new": 4} .items() <= next(
        c for c in data["changes"] if c["key"] == "double_degree_programmes").items()
    assert any(f["check"] == "zero_enrolment" for f in data["findings"])
