"""`intlmon submission`: an analyst moves versions through the workflow; the deadline locks uploads."""

from __future__ import annotations

import json

import pytest

from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.store import store_version
from intlmon.collection.template import write_template
from intlmon.records.models import ReportingPeriod
from intlmon.registry.loading import load_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    load_registry()


def _row():
    return {"level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии",
            "country": "Франция", "contract_date": "27.03.2023", "term": "5 лет", "enrolment": 4}


def test_it_approves_and_returns_with_a_comment(registry, cli, capsys):
    store_version(institution_id="kaznpu", year=2024, records={"DoubleDegreeProgramme": [{"level": "master"}]})
    assert cli(["submission", "approve", "kaznpu", "--year", "2024", "--actor", "analyst"]) == 0
    assert Submission.objects.get(institution_id="kaznpu").status == "approved"
    assert cli(["submission", "return", "kaznpu", "--year", "2024", "--actor", "analyst"]) == 1
    assert "needs a comment" in capsys.readouterr().err
    assert cli(["submission", "return", "kaznpu", "--year", "2024", "--actor", "analyst", "--comment", "Контингент?"]) == 0
    sub = Submission.objects.get(institution_id="kaznpu")
    assert (sub.status, sub.comment) == ("returned", "Контингент?")
    assert list(AuditEntry.objects.exclude(action="store_version").values_list("action", "actor")) == [
        ("approve", "analyst"), ("return", "analyst")]


def test_it_needs_an_actor_and_an_hei(registry, cli):
    assert cli(["submission", "approve", "--year", "2024", "--actor", "a"]) == 2
    assert cli(["submission", "approve", "kaznpu", "--year", "2024"]) == 2


def test_it_locks_after_the_deadline_and_refuses_later_uploads(registry, cli, capsys, tmp_path):
    store_version(institution_id="kaznpu", year=2024, records={"DoubleDegreeProgramme": [{"level": "master"}]})
    store_version(institution_id="kaznu", year=2024, records={})
    # Not yet overdue: nothing locked.
    assert cli(["submission", "lock-overdue", "--year", "2024", "--deadline", "2025-02-01", "--today", "2025-02-01"]) == 0
    assert not Submission.objects.filter(status="locked").exists()
    assert cli(["submission", "lock-overdue", "--year", "2024", "--today", "2025-02-02", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"locked": 2}
    assert ReportingPeriod.objects.get(year=2024).deadline.isoformat() == "2025-02-01"
    path = write_template(tmp_path / "late.xlsx", 2024, institution="kaznpu", rows={"double_degree_programmes": [_row()]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en", "--accept-warnings"]) == 1
    assert "The 2024 data is locked" in capsys.readouterr().out
    assert Submission.objects.filter(institution_id="kaznpu").count() == 1
    # The analyst reopens; the HEI can upload a corrected version.
    assert cli(["submission", "reopen", "kaznpu", "--year", "2024", "--actor", "analyst"]) == 0
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--accept-warnings"]) == 0
    assert Submission.objects.get(institution_id="kaznpu", is_current=True).version == 2


def test_it_lists_versions(registry, cli, capsys):
    store_version(institution_id="kaznpu", year=2024, records={})
    store_version(institution_id="kaznpu", year=2024, records={})
    assert cli(["submission", "list", "--year", "2024", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["version"], r["current"]) for r in rows] == [(1, False), (2, True)]
