"""Shared fixtures. Tests may read ../shared (the reference material); the product never does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import loaded_registry

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_DIR.parent / "shared"
REFERENCE_2023 = PROJECT_DIR / "data" / "reference" / "2023"


#: what a test must ask for to reach the database (pytest-django refuses it any other way)
DATABASE_FIXTURES = ("db", "transactional_db", "live_server", "django_db_setup")


def uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or any(f in item.fixturenames for f in DATABASE_FIXTURES)


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, only the tests that reach the database (`make test` runs both passes side by side).

    A test that never touches the database gives the same result on both backends, and the SQLite pass runs
    it; running it again beside the PostgreSQL pass only made that pass — the longer one — longer (on this
    project's 2-core machines the suite had grown past 30 minutes). Deselected, not skipped: the count is in
    the summary line."""
    import os

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    kept, dropped = [], []
    for item in items:
        (kept if uses_database(item) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _no_pass_kept_from_another_test():
    """Each test starts with no section pass kept in the process (analytics/statistics/kept_passes.py): a
    database flushed between transactional tests keeps its sequences, and a pass another test kept would be
    brought up to date from rows that are no longer there (an application never loses committed rows so)."""
    from intlmon.analytics.statistics import kept_passes

    kept_passes.forget()


@pytest.fixture(scope="session")
def reference_2023() -> Path:
    return REFERENCE_2023


@pytest.fixture
def cli(monkeypatch):
    """`intlmon …` in-process. Django closes every connection after a command run from argv, which
    would kill the test transaction on PostgreSQL, so the close is suppressed for the test's span."""
    from django.db import connections

    from intlmon.cli import main

    monkeypatch.setattr(connections, "close_all", lambda: None)
    return main


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker):
    """A registry loaded once per module; modules that need a fresh one per test define their own."""
    with django_db_blocker.unblock(), loaded_registry():
        yield


@pytest.fixture
def reg(registry, db):
    from intlmon.registry import resolve as resolver

    yield
    resolver.invalidate()  # the test's changes are rolled back; so must the cached index be


CATALOGUES = sorted((PROJECT_DIR / "src" / "intlmon").glob("**/locale/*/LC_MESSAGES/django.po"))


@pytest.fixture(scope="session")
def compiled_catalogues() -> None:
    """Every .po compiled (when its .mo is missing or older), so tests run on a fresh checkout."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    for po in CATALOGUES:
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    # Django caches loaded catalogues per process: drop them so the fresh .mo files are read.
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
