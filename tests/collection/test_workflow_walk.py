"""A clerk and an analyst walk one HEI's 2024 data through the workflow from the command line.

At every step the test asks the statistics (`analytics.registry.compute`) what they count: only the
latest *approved* version, never a draft, a submitted or a returned one; a new draft does not take the
approved version out of the figures, and a lock (by an analyst or at the deadline) only freezes.
"""

from __future__ import annotations

import json

import pytest

from intlmon.analytics.registry import compute
from intlmon.collection.models import Submission
from intlmon.collection.store import store_version
from intlmon.collection.template import write_template
from intlmon.collection.workflow import Actor, NotAllowed, Role, TransitionError, transition, visible_to

YEAR = 2024
CLERK = ["--actor", "aigerim", "--role", "clerk", "--actor-hei", "kaznpu"]
ANALYST = ["--actor", "dana", "--role", "analyst"]


def ddp(n: int) -> dict:
    return {"level": "master", "programme": f"7M0410{n} Экономика", "partner": "Университет Лотарингии",
            "country": "Франция", "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"],
            "funding": "student", "enrolment": 10 + n}


def workbook(tmp_path, name: str, programmes: int):
    return write_template(tmp_path / name, YEAR, lang="ru", institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(n) for n in range(programmes)]})


def counted() -> int:
    """What the statistics count for 2024: double-degree programmes."""
    return compute("double_degree_programmes", YEAR).total() or 0


@pytest.fixture
def walk(reg, cli, capsys, tmp_path):
    def run(*argv, ok=True):
        code = cli([*argv, "--lang", "en"] if argv[0] == "submission" else list(argv))
        out = capsys.readouterr()
        assert (code == 0) is ok, (code, out.out, out.err)
        return out.out + out.err
    run.tmp = tmp_path
    return run


def upload(walk, path, *extra, ok=True):
    return walk("ingest", str(path), "--year", str(YEAR), "--lang", "en", *CLERK, *extra, ok=ok)


def act(walk, action, who, *extra, ok=True):
    return walk("submission", action, "kaznpu", "--year", str(YEAR), *who, *extra, ok=ok)


def listed(walk, who) -> list[dict]:
    return json.loads(walk("submission", "list", "--year", str(YEAR), "--format", "json", *who))


def test_a_clerk_and_an_analyst_walk_draft_submit_return_resubmit_approve_lock(walk):
    # The clerk uploads: a draft, seen by the HEI only, counted nowhere.
    out = upload(walk, workbook(walk.tmp, "v1.xlsx", 2))
    assert "stored as version 1" in out and "intlmon submission submit kaznpu --year 2024" in out
    assert counted() == 0
    assert [r["status"] for r in listed(walk, CLERK)] == ["draft"]
    assert listed(walk, ANALYST) == []  # a draft is the HEI's own
    # The clerk submits; a clerk of another HEI may not, nor may the analyst act as a clerk.
    assert "own HEI" in act(walk, "submit", ["--actor", "arman", "--role", "clerk", "--actor-hei", "kaznu"], ok=False)
    assert "Only a clerk of the HEI may submit" in act(walk, "submit", ANALYST, ok=False)
    act(walk, "submit", CLERK)
    assert counted() == 0
    # The analyst returns it: a comment is required, and the clerk sees it.
    assert "needs a comment" in act(walk, "return", ANALYST, ok=False)
    act(walk, "return", ANALYST, "--comment", "Проверьте контингент по программе 7M04101")
    assert counted() == 0
    [mine] = listed(walk, CLERK)
    assert (mine["status"], mine["comment"], mine["actor"], mine["role"]) == (
        "returned", "Проверьте контингент по программе 7M04101", "dana", "analyst")
    # The clerk corrects the file and submits again; the analyst approves: now it counts.
    upload(walk, workbook(walk.tmp, "v2.xlsx", 3))
    act(walk, "submit", CLERK)
    assert counted() == 0
    assert "approve" in act(walk, "approve", CLERK, ok=False).lower()  # a clerk cannot approve their own data
    act(walk, "approve", ANALYST)
    assert counted() == 3
    # A new draft (and its submission) does not take the approved version out of the statistics.
    v3 = workbook(walk.tmp, "v3.xlsx", 5)
    upload(walk, v3)
    assert counted() == 3
    act(walk, "submit", CLERK)
    assert counted() == 3
    # The same file again is recognised, not stored as a fourth version.
    assert "identical to version 3" in upload(walk, v3)
    # The analyst locks: the submitted version 3 is frozen and still does not count.
    act(walk, "lock", ANALYST)
    assert counted() == 3
    assert "locked" in upload(walk, workbook(walk.tmp, "late.xlsx", 1), ok=False)
    assert "reopen it first" in act(walk, "approve", ANALYST, ok=False)
    # Reopened and approved, version 3 counts; returned later, the statistics fall back to version 2.
    act(walk, "reopen", ANALYST)
    act(walk, "approve", ANALYST)
    assert counted() == 5
    act(walk, "return", ANALYST, "--comment", "Программа 7M04104 закрыта в 2023 году")
    assert counted() == 3
    # The deadline locks whatever state the current version is in; it counts nothing new.
    assert "Locked 1 version" in walk("submission", "lock-overdue", "--year", str(YEAR), "--deadline", "2025-02-01",
                                      "--today", "2025-02-02")
    assert counted() == 3
    rows = {r["version"]: r for r in listed(walk, ANALYST)}
    assert {v: (r["status"], r["locked"], r["counted"]) for v, r in rows.items()} == {
        1: ("returned", False, False), 2: ("approved", False, True), 3: ("returned", True, False)}
    # `show` prints the whole history: who did what, when, with which comment.
    history = act(walk, "show", CLERK)
    assert "dana (analyst)  returned v1: submitted → returned — «Проверьте контингент по программе 7M04101»" in history
    assert "aigerim (clerk)  submitted v2: draft → submitted" in history
    assert "system (admin)  locked v3" in history


def test_a_lock_at_the_deadline_never_makes_unapproved_data_count(reg, cli, capsys):
    for hei, status in (("kaznpu", "returned"), ("kaznu", "submitted"), ("enu", "draft")):
        sub = store_version(institution_id=hei, year=YEAR,
                            records={"DoubleDegreeProgramme": [{"level": "master", "enrolment": 5}]}).submission
        Submission.objects.filter(pk=sub.pk).update(status=status)
    assert cli(["submission", "lock-overdue", "--year", str(YEAR), "--deadline", "2025-02-01", "--today",
                "2025-03-01", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"locked": 3}
    assert counted() == 0
    assert set(Submission.objects.values_list("status", flat=True)) == {"returned", "submitted", "draft"}


@pytest.fixture
def draft(reg):
    from django.utils import translation

    with translation.override("en"):  # messages are asserted in English
        yield store_version(institution_id="kaznpu", year=YEAR, records={"DoubleDegreeProgramme": [{"level": "master"}]},
                         content=b"v1").submission


def test_roles_decide_who_may_do_what(draft):
    clerk, other_clerk = Actor("aigerim", Role.CLERK, "kaznpu"), Actor("arman", Role.CLERK, "kaznu")
    analyst, viewer = Actor("dana", Role.ANALYST), Actor("olga", Role.VIEWER)
    for actor, action in ((other_clerk, "submit"), (analyst, "submit"), (viewer, "submit"), (clerk, "lock")):
        with pytest.raises(NotAllowed):
            transition(draft, action, actor)
    sub = transition(draft, "submit", clerk)
    for actor in (clerk, viewer):
        with pytest.raises(NotAllowed):
            transition(sub, "approve", actor)
    with pytest.raises(TransitionError, match="nothing to reopen"):
        transition(sub, "reopen", analyst)
    with pytest.raises(ValueError, match="clerk acts for one HEI"):
        Actor("nobody", Role.CLERK)
    everything = Submission.objects.all()
    assert visible_to(other_clerk, everything).count() == 0 and visible_to(clerk, everything).count() == 1
    assert visible_to(viewer, everything).count() == 0  # not approved yet


def test_only_the_latest_version_moves_and_imported_tables_are_not_reviewed(draft):
    admin = Actor("root", Role.ADMIN)
    store_version(institution_id="kaznpu", year=YEAR, records={}, content=b"v2")
    with pytest.raises(TransitionError, match="replaced by version 2"):
        transition(draft, "submit", admin)
    imported = store_version(institution_id="kaznu", year=YEAR, records={}, origin="import", status="approved")
    with pytest.raises(TransitionError, match="published record"):
        transition(imported.submission, "return", admin, comment="?")
    assert counted() == 0
    locked = transition(imported.submission, "lock", admin)
    assert locked.status == "approved" and locked.locked_at is not None  # a lock keeps the state
