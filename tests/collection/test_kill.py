"""An ingest killed with SIGKILL in the middle of storing leaves the database exactly as it was.

The ingest runs as a real `intlmon ingest` subprocess against a database of its own (a pytest
in-memory database is invisible to another process): a SQLite file, or — when the tests run on
PostgreSQL — a database created here and dropped afterwards. The HEI already has a current version
1, so the killed upload had to demote it inside the transaction: after the kill version 1 must still
be current and every table must hold exactly the rows it held before (compared by a checksum of all
rows of every table). Then the same file is ingested again and must be stored as version 2.

How the kill is timed, without hooks in the product: the workbook has no unresolved names and the
period exists, so the only write transaction of the ingest is the store. On SQLite the test waits
until the rollback journal appears — the store's transaction has begun changing pages (demoting
version 1 comes first, then thousands of records are inserted) — and kills within a millisecond; the
journal still being there after the kill proves the transaction had not committed (SQLite deletes it
on commit). A store that committed in several steps would be caught here: the demotion of version 1
or a part of the records would survive the kill. On PostgreSQL it waits until the ingest's backend
holds a transaction id (it has written) and is inserting records, then kills.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

YEAR = 2024
HEI = "kaznpu"
BIG_ROWS = 4000  # the store takes a good fraction of a second: far longer than the 1 ms poll
WAIT = 60  # seconds; only reached when something is broken

# Writes the two workbooks with the project's template writer, in the subprocess's database.
WRITE_WORKBOOKS = r"""
import sys
import django

django.setup()
from intlmon.collection.template import write_template

small, big, n, year, hei = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
countries = ["Россия", "Китай", "Турция", "Узбекистан", "Кыргызстан", "Германия", "Франция", "Монголия",
             "Корея", "Индия", "Туркменистан", "Таджикистан"]
levels = ["bachelor", "master", "doctorate", "specialist"]


def students(count):
    return [{"country": countries[i % len(countries)], "level": levels[(i // len(countries)) % len(levels)],
             "headcount": 1 + i} for i in range(count)]


def mobility(count):
    return [{"direction": "outbound", "person": "student", "level": "master", "partner": "Университет Лотарингии",
             "country": "Франция", "headcount": 1 + i} for i in range(count)]


write_template(small, year, lang="ru", institution=hei, rows={"international_students": students(10)})
write_template(big, year, lang="ru", institution=hei,
               rows={"international_students": students(n - n // 4), "mobility": mobility(n // 4)})
"""


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=WAIT, **kwargs)


def intlmon(env: dict, *args: str) -> subprocess.CompletedProcess:
    return run(["-m", "intlmon.cli", *args], env)


def ingest_cmd(path: Path) -> list[str]:
    return [sys.executable, "-m", "intlmon.cli", "ingest", str(path), "--year", str(YEAR), "--accept-warnings"]


def prepare(env: dict, folder: Path) -> tuple[Path, Path]:
    """Migrate, load the registry, write the workbooks, store version 1 of the HEI; returns the workbooks."""
    for args in (("migrate", "--noinput", "-v", "0"), ("load-registry",)):
        done = intlmon(env, *args)
        assert done.returncode == 0, done.stderr
    small, big = folder / "v1.xlsx", folder / "big.xlsx"
    done = run(["-c", WRITE_WORKBOOKS, str(small), str(big), str(BIG_ROWS), str(YEAR), HEI],
               {**env, "DJANGO_SETTINGS_MODULE": "intlmon.settings"})
    assert done.returncode == 0, done.stderr
    done = intlmon(env, "ingest", str(small), "--year", str(YEAR), "--accept-warnings")
    assert done.returncode == 0, done.stdout + done.stderr
    return small, big


def base_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["DATABASE_URL"] = database_url
    return env


def wait_until(condition, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the ingest ended (exit {proc.returncode}) before {what}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.001)


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=WAIT)
    assert proc.returncode == -signal.SIGKILL


def check_second_ingest(env: dict, big: Path, count_current) -> None:
    done = subprocess.run(ingest_cmd(big), env=env, capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "версия 2" in done.stdout
    assert count_current() == (2, BIG_ROWS - BIG_ROWS // 4, BIG_ROWS // 4)


# -- SQLite -------------------------------------------------------------------------------------


def sqlite_dump(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and checksum of all rows of every table (opening the file rolls back a hot journal)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        dump = {}
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            dump[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return dump
    finally:
        conn.close()


def sqlite_current(path: Path):
    def count():
        conn = sqlite3.connect(path)
        try:
            version, sub = conn.execute(
                "SELECT version, id FROM collection_submission WHERE institution_id = ? AND is_current", (HEI,)
            ).fetchone()
            students = conn.execute("SELECT count(*) FROM records_internationalstudents WHERE submission_id = ?",
                                    (sub,)).fetchone()[0]
            flows = conn.execute("SELECT count(*) FROM records_mobilityflow WHERE submission_id = ?", (sub,)).fetchone()[0]
            return version, students, flows
        finally:
            conn.close()

    return count


@pytest.fixture(scope="module")
def sqlite_prepared(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill-sqlite")
    db = folder / "prepared.sqlite3"
    small, big = prepare(base_env(f"sqlite:///{db}"), folder)
    return db, big


def test_it_leaves_a_sqlite_database_as_before_when_killed_mid_store(sqlite_prepared, tmp_path):
    prepared, big = sqlite_prepared
    db = tmp_path / "intlmon.sqlite3"
    shutil.copy(prepared, db)
    journal = Path(f"{db}-journal")
    env = base_env(f"sqlite:///{db}")
    before = sqlite_dump(db)
    assert sqlite_current(db)() == (1, 10, 0)

    proc = subprocess.Popen(ingest_cmd(big), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: journal.exists() and journal.stat().st_size > 0, proc, "the store began writing")
    kill(proc)
    assert journal.exists() and journal.stat().st_size > 0, "the transaction had committed before the kill"

    assert sqlite_dump(db) == before
    assert sqlite_current(db)() == (1, 10, 0)
    check_second_ingest(env, big, sqlite_current(db))


# -- PostgreSQL ---------------------------------------------------------------------------------


def pg_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def pg_connect(url: str, **kwargs):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, "")), **kwargs)


def pg_dump(url: str) -> dict[str, tuple[int, str]]:
    with pg_connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        dump = {}
        for table in tables:
            count, digest = conn.execute(
                f'SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), \'\')) FROM "{table}" t'
            ).fetchone()
            dump[table] = (count, digest)
        return dump


def pg_current(url: str):
    def count():
        with pg_connect(url) as conn:
            version, sub = conn.execute(
                "SELECT version, id FROM collection_submission WHERE institution_id = %s AND is_current", (HEI,)
            ).fetchone()
            students = conn.execute("SELECT count(*) FROM records_internationalstudents WHERE submission_id = %s",
                                    (sub,)).fetchone()[0]
            flows = conn.execute("SELECT count(*) FROM records_mobilityflow WHERE submission_id = %s", (sub,)).fetchone()[0]
            return version, students, flows

    return count


@pytest.fixture(scope="module")
def pg_database(tmp_path_factory):
    """A database of its own for the subprocesses: `<the tests' database name>_kill`, dropped afterwards."""
    url = pg_url()
    if url is None:
        pytest.skip("DATABASE_URL is not PostgreSQL")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'intlmon'}_kill"
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    own = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    with pg_connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        small, big = prepare(base_env(own), tmp_path_factory.mktemp("kill-pg"))
        yield own, name, big
    finally:
        with pg_connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_it_leaves_a_postgresql_database_as_before_when_killed_mid_store(pg_database):
    url, name, big = pg_database
    before = pg_dump(url)
    assert pg_current(url)() == (1, 10, 0)
    watcher = pg_connect(url, autocommit=True)
    try:
        def writing() -> bool:
            # The ingest's backend holds a transaction id once it has written, and the insert of the
            # records (the bulk of the store) has started once rows were inserted into a record table
            # (by INSERT, or by COPY: the store streams records on PostgreSQL).
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity a WHERE a.datname = %s AND a.pid <> pg_backend_pid() "
                "AND a.backend_xid IS NOT NULL AND (a.query ILIKE 'INSERT INTO \"records_%%' "
                "OR a.query ILIKE 'COPY \"records_%%')", (name,)).fetchone()
            return row[0] > 0

        proc = subprocess.Popen(ingest_cmd(big), env=base_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        wait_until(writing, proc, "the store began inserting records")
        kill(proc)

        def gone() -> bool:  # the server notices the dead client and rolls its transaction back
            return watcher.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                                   (name,)).fetchone()[0] == 0

        deadline = time.monotonic() + WAIT
        while not gone() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        watcher.close()
    assert pg_dump(url) == before
    assert pg_current(url)() == (1, 10, 0)
    check_second_ingest(base_env(url), big, pg_current(url))
