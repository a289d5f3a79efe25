"""`intlmon submission`: list, show and move versions through the workflow; the deadline locks uploads."""

from __future__ import annotations

import json

import pytest

from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.store import store_version
from intlmon.collection.template import write_template
from intlmon.records.models import ReportingPeriod

pytestmark = pytest.mark.django_db

EN = ["--lang", "en"]


def _row():
    return {"level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии",
            "country": "Франция", "contract_date": "27.03.2023", "term": "5 лет", "enrolment": 4}


def _draft(hei="kaznpu", content=b"v1"):
    return store_version(institution_id=hei, year=2024, records={"DoubleDegreeProgramme": [{"level": "master"}]},
                         content=content, file_name=f"{hei}.xlsx").submission


def test_it_returns_with_a_comment_that_the_list_shows(reg, cli, capsys):
    _draft()
    assert cli(["submission", "approve", "kaznpu", "--year", "2024", "--actor", "dana", "--role", "analyst", *EN]) == 1
    assert "Only a submitted version can be approved; version 1 is draft" in capsys.readouterr().err
    assert cli(["submission", "submit", "kaznpu", "--year", "2024", "--actor", "aigerim", "--role", "clerk",
                "--actor-hei", "kaznpu"]) == 0
    assert cli(["submission", "return", "kaznpu", "--year", "2024", "--actor", "dana", "--role", "analyst", *EN]) == 1
    assert "needs a comment" in capsys.readouterr().err
    assert cli(["submission", "return", "kaznpu", "--year", "2024", "--actor", "dana", "--role", "analyst",
                "--comment", "Контингент?"]) == 0
    sub = Submission.objects.get(institution_id="kaznpu")
    assert (sub.status, sub.comment) == ("returned", "Контингент?")
    assert list(AuditEntry.objects.exclude(action="store_version").values_list("action", "actor", "detail__role")) == [
        ("submit", "aigerim", "clerk"), ("return", "dana", "analyst")]
    capsys.readouterr()
    assert cli(["submission", "list", "--year", "2024", *EN]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert line.startswith("*  kaznpu") and "returned" in line and "dana (analyst)" in line and "«Контингент?»" in line


def test_it_needs_an_actor_an_hei_and_a_clerks_hei(reg, cli):
    _draft()
    assert cli(["submission", "approve", "--year", "2024", "--actor", "a"]) == 2
    assert cli(["submission", "approve", "kaznpu", "--year", "2024"]) == 2
    assert cli(["submission", "submit", "kaznpu", "--year", "2024", "--actor", "a", "--role", "clerk"]) == 2
    assert cli(["submission", "submit", "kaznu", "--year", "2024", "--actor", "a"]) == 1  # no submission
    assert Submission.objects.get().status == "draft"


def test_it_locks_after_the_deadline_and_refuses_later_uploads(reg, cli, capsys, tmp_path):
    _draft("kaznpu")
    _draft("kaznu")
    # Not yet overdue: nothing locked.
    assert cli(["submission", "lock-overdue", "--year", "2024", "--deadline", "2025-02-01", "--today", "2025-02-01"]) == 0
    assert not Submission.objects.filter(locked_at__isnull=False).exists()
    assert cli(["submission", "lock-overdue", "--year", "2024", "--today", "2025-02-02", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"locked": 2}
    assert ReportingPeriod.objects.get(year=2024).deadline.isoformat() == "2025-02-01"
    assert set(Submission.objects.values_list("status", flat=True)) == {"draft"}  # a lock keeps the state
    path = write_template(tmp_path / "late.xlsx", 2024, institution="kaznpu", rows={"double_degree_programmes": [_row()]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en", "--accept-warnings"]) == 1
    assert "locked" in capsys.readouterr().out
    assert Submission.objects.filter(institution_id="kaznpu").count() == 1
    # The analyst reopens; the HEI can upload a corrected version.
    assert cli(["submission", "reopen", "kaznpu", "--year", "2024", "--actor", "dana", "--role", "analyst"]) == 0
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--accept-warnings"]) == 0
    current = Submission.objects.get(institution_id="kaznpu", is_current=True)
    assert (current.version, current.status, current.locked_at) == (2, "draft", None)


def test_it_lists_versions_with_what_counts(reg, cli, capsys):
    first = _draft(content=b"v1")
    Submission.objects.filter(pk=first.pk).update(status="approved")
    _draft(content=b"v2")
    assert cli(["submission", "list", "--year", "2024", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["version"], r["current"], r["counted"], r["status"]) for r in rows] == [
        (1, False, True, "approved"), (2, True, False, "draft")]
    # The analyst does not see the HEI's draft; a clerk of another HEI sees nothing.
    assert cli(["submission", "list", "--year", "2024", "--format", "json", "--actor", "dana", "--role", "analyst"]) == 0
    assert [r["version"] for r in json.loads(capsys.readouterr().out)] == [1]
    assert cli(["submission", "list", "--year", "2024", "--format", "json", "--actor", "arman", "--role", "clerk",
                "--actor-hei", "kaznu"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_show_prints_versions_and_history(reg, cli, capsys):
    _draft()
    assert cli(["submission", "submit", "kaznpu", "--year", "2024", "--actor", "aigerim", "--role", "clerk",
                "--actor-hei", "kaznpu", "--comment", "Первая версия"]) == 0
    capsys.readouterr()
    assert cli(["submission", "show", "kaznpu", "--year", "2024", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(v["version"], v["status"], v["counted"]) for v in shown["versions"]] == [(1, "submitted", False)]
    assert [(h["action"], h["actor"], h["from"], h["to"], h["comment"]) for h in shown["history"]] == [
        ("store_version", "", None, None, ""), ("submit", "aigerim", "draft", "submitted", "Первая версия")]
    assert cli(["submission", "show", "kaznpu", "--year", "2024", "--lang", "ru"]) == 0
    text = capsys.readouterr().out
    assert "aigerim (clerk)  отправлено v1: черновик → отправлено — «Первая версия»" in text
    assert cli(["submission", "show", "kaznu", "--year", "2024"]) == 1
