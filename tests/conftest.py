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
#: the tests the PostgreSQL pass runs: where the SQL differs by backend (the statistics' grouped passes, the
#: passes sent ahead and kept; storing versions, locks, a killed ingest; the API's filters and pagination; the
#: open-data export; explanations and findings; partnership scorecards; the index's data; loading the registry;
#: the data stamp and the kept pages; sessions kept in the cache and the database; the dashboards' pages and
#: drill-down, which read the kept passes and values there) — besides every test marked `postgres`
POSTGRES_FOLDERS = ("tests/analytics/", "tests/collection/", "tests/api/", "tests/opendata/", "tests/quality/",
                    "tests/partnerships/", "tests/index/", "tests/registry/test_load_registry.py",
                    "tests/web/test_page_cache", "tests/web/test_shared_store.py", "tests/web/test_sessions.py",
                    "tests/web/test_dashboard_pages.py", "tests/web/test_dashboard_drill.py")


#: of those, the ones the SQLite pass leaves to the PostgreSQL pass when both run side by side (`make test`): no
#: code of theirs takes another path on SQLite (analytics and collection do: the passes' UNION ALL, the locks —
#: both passes run those)
POSTGRES_ONLY_FOLDERS = ("tests/api/", "tests/opendata/", "tests/quality/", "tests/partnerships/", "tests/index/",
                         "tests/registry/test_load_registry.py", "tests/web/test_page_cache",
                         "tests/web/test_shared_store.py", "tests/web/test_sessions.py")


def uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or any(f in item.fixturenames for f in DATABASE_FIXTURES)


def on_postgres_pass(item) -> bool:
    if item.get_closest_marker("postgres") is not None:
        return True
    return uses_database(item) and item.nodeid.replace("\\", "/").startswith(POSTGRES_FOLDERS)


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL (`make test` runs the two passes side by side), the tests where the backend matters.

    Why: on the seventh session's machine (a slower 2-core one) the whole suite on PostgreSQL was heading for
    an hour — each module's data (the registry, the 2023 tables) loaded into PostgreSQL again — while CI allows
    30 minutes for both passes. The SQLite pass runs every test; the PostgreSQL pass runs those of the folders
    whose SQL differs by backend (`POSTGRES_FOLDERS`) that reach the database, and every test marked
    `postgres`. The rest (the portal's views, the reports, name resolution, the CLI) run on SQLite only; `INTLMON_TEST_ALL_ON_POSTGRES=1` runs everything on PostgreSQL. Deselected, not skipped:
    the count is in the summary line."""
    import os

    if os.environ.get("INTLMON_TEST_ALL_ON_POSTGRES"):
        return
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if not postgres and not os.environ.get("INTLMON_TEST_SQLITE_BESIDE_POSTGRES"):
        return  # (SQLite alone: every test)
    kept, dropped = [], []
    for item in items:
        if postgres:
            wanted = on_postgres_pass(item)
        else:  # beside the PostgreSQL pass: what that pass runs of the folders where SQLite has no SQL of its own
            wanted = not (on_postgres_pass(item) and item.nodeid.startswith(POSTGRES_ONLY_FOLDERS))
        (kept if wanted else dropped).append(item)
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
