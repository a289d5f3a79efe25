"""Versioned, atomic storage of submissions, and the approval workflow."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.db import IntegrityError, connection, connections

from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.store import store_version
from intlmon.records.models import DoubleDegreeProgramme
from intlmon.registry.models import Institution


@pytest.fixture
def hei(db):
    return Institution.objects.create(id="test-hei", name_ru="Тестовый университет")


def ddp_rows(n, enrolment=10):
    return {"DoubleDegreeProgramme": [{"level": "master", "programme_raw": f"7M0410{i}", "enrolment": enrolment} for i in range(n)]}


def test_it_stores_versions_as_drafts_and_keeps_the_old_ones(hei):
    first = store_version(institution_id=hei.id, year=2024, records=ddp_rows(2), content=b"v1", file_name="a.xlsx")
    second = store_version(institution_id=hei.id, year=2024, records=ddp_rows(3), content=b"v2", file_name="b.xlsx")
    assert (first.submission.version, second.submission.version) == (1, 2)
    current = Submission.objects.get(institution=hei, is_current=True)
    assert (current.version, current.status) == (2, "draft")
    assert current.file_sha256 == hashlib.sha256(b"v2").hexdigest() and current.file_size == 2
    assert bytes(current.file_content) == b"v2"
    # both versions' records exist; the current one has 3
    assert DoubleDegreeProgramme.objects.filter(submission=first.submission).count() == 2
    assert DoubleDegreeProgramme.objects.filter(submission=current).count() == 3
    log = list(AuditEntry.objects.filter(action="store_version").values_list("detail__version", "detail__replaces"))
    assert log == [(1, None), (2, 1)]


def test_it_stores_nothing_when_a_row_is_bad(hei):
    store_version(institution_id=hei.id, year=2024, records=ddp_rows(1))
    bad = ddp_rows(2)
    bad["DoubleDegreeProgramme"][1]["enrolment"] = -5  # violates the non-negative column check
    with pytest.raises(IntegrityError):
        store_version(institution_id=hei.id, year=2024, records=bad)
    assert Submission.objects.filter(institution=hei).count() == 1
    assert Submission.objects.get(institution=hei, is_current=True).version == 1
    assert DoubleDegreeProgramme.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_it_recognises_a_file_identical_to_the_latest_version_and_stores_nothing(hei):
    store_version(institution_id=hei.id, year=2024, records=ddp_rows(2), content=b"same bytes")
    again = store_version(institution_id=hei.id, year=2024, records=ddp_rows(2), content=b"same bytes")
    assert again.identical and again.submission.version == 1 and again.counts == {"DoubleDegreeProgramme": 2}
    assert Submission.objects.filter(institution=hei).count() == 1
    assert DoubleDegreeProgramme.objects.count() == 2 and AuditEntry.objects.count() == 1
    # a different file, then the first one again: going back to an earlier file is a new version
    store_version(institution_id=hei.id, year=2024, records=ddp_rows(3), content=b"other bytes")
    back = store_version(institution_id=hei.id, year=2024, records=ddp_rows(2), content=b"same bytes")
    assert not back.identical and back.submission.version == 3


def test_imported_records_are_compared_by_their_content(hei):
    """Imported tables have no file: the sha256 of the records stands for it, so a re-import adds nothing."""
    imported = {"origin": Submission.Origin.IMPORT, "status": Submission.Status.APPROVED}
    first = store_version(institution_id=hei.id, year=2023, records=ddp_rows(2), **imported)
    again = store_version(institution_id=hei.id, year=2023, records=ddp_rows(2), **imported)
    assert again.identical and again.submission.pk == first.submission.pk
    changed = store_version(institution_id=hei.id, year=2023, records=ddp_rows(2, enrolment=11), **imported)
    assert not changed.identical and changed.submission.version == 2


def test_a_locked_version_refuses_a_new_one(hei):
    from django.utils import timezone

    from intlmon.collection.store import SubmissionLocked

    sub = store_version(institution_id=hei.id, year=2024, records=ddp_rows(1), content=b"v1").submission
    Submission.objects.filter(pk=sub.pk).update(locked_at=timezone.now())
    with pytest.raises(SubmissionLocked):
        store_version(institution_id=hei.id, year=2024, records=ddp_rows(2), content=b"v2")
    assert Submission.objects.filter(institution=hei).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_serialises_two_concurrent_uploads_for_the_same_hei():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are a PostgreSQL concern; SQLite serialises every write")
    Institution.objects.create(id="race-hei", name_ru="Гонка")
    barrier = threading.Barrier(2)
    errors = []

    def upload(n):
        try:
            barrier.wait()
            store_version(institution_id="race-hei", year=2024, records=ddp_rows(n), file_name=f"{n}.xlsx")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(n,)) for n in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    subs = list(Submission.objects.filter(institution_id="race-hei").order_by("version"))
    assert [s.version for s in subs] == [1, 2]
    assert [s.is_current for s in subs] == [False, True]
    log = list(AuditEntry.objects.order_by("id").values_list("detail__version", "detail__replaces"))
    assert log == [(1, None), (2, 1)]
    current_rows = DoubleDegreeProgramme.objects.filter(submission=subs[1]).count()
    assert current_rows == int(subs[1].file_name.split(".")[0])


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_a_locked_status_back_into_the_state_before_the_lock():
    """A database where `lock-overdue` locked versions (status 'locked') keeps what each version was."""
    from django.db.migrations.executor import MigrationExecutor

    # the registry goes back too: its later migrations add columns the old Institution model does not fill
    before = [("collection", "0003_submission_coverage"), ("registry", "0002_reviewitem")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Institution_, Period, Sub, Audit = (old.get_model("registry", "Institution"), old.get_model("records", "ReportingPeriod"),
                                        old.get_model("collection", "Submission"), old.get_model("collection", "AuditEntry"))
    hei = Institution_.objects.create(id="old-hei", name_ru="Старый вуз")
    period = Period.objects.create(year=2024)
    approved = Sub.objects.create(institution=hei, period=period, version=1, status="locked")
    Audit.objects.create(submission=approved, action="lock", actor="system", detail={"from": "approved", "to": "locked"})
    unknown = Sub.objects.create(institution=hei, period=period, version=2, is_current=True, status="locked")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {s.version: (s.status, s.locked_at is not None) for s in Submission.objects.filter(institution_id="old-hei")}
    assert rows == {1: ("approved", True), 2: ("submitted", True)}  # no record of the state: one that never counts
    assert unknown.pk in Submission.objects.values_list("pk", flat=True)
