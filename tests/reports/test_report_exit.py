"""What `intlmon report` skips at start-up and at exit (#17, eighth session) changes nothing a user sees: the
migration check of a report reads the recorded migrations and the files instead of loading every migration,
and says the same when one is missing; a report process ends without the interpreter's teardown, with its
output whole and its exit status the command's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("intlmon")


def intlmon(*args: str, var: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "INTLMON_VAR_DIR", "DJANGO_SETTINGS_MODULE")}
    env.update(INTLMON_VAR_DIR=str(var), LANGUAGE_CODE="en")
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "intlmon.cli"]
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite database (no registry, no data)."""
    var = tmp_path_factory.mktemp("var")
    done = intlmon("migrate", "--noinput", "-v", "0", var=var, cwd=var)
    assert done.returncode == 0, done.stderr
    return var


@pytest.mark.django_db
def test_every_migration_file_is_recorded_on_a_migrated_database_and_one_missing_is_seen():
    from django.db import connection, transaction

    from intlmon import cli

    assert cli.every_migration_file_recorded(connection)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'quality' AND name LIKE '0002%%'")
        assert not cli.every_migration_file_recorded(connection)
        cli._ready.clear()
        quick, full = cli.database_problem(quick=True), (cli._ready.clear(), cli.database_problem())[1]
        assert quick is not None and quick == full  # "… is not up to date (1 migration not applied) …"
        transaction.set_rollback(True)
    cli._ready.clear()


def test_a_report_on_a_database_behind_the_code_says_which_migration_to_run(migrated):
    assert intlmon("migrate", "quality", "0001", "-v", "0", var=migrated, cwd=migrated).returncode == 0
    try:
        done = intlmon("report", "national", "--year", "2031", "--allow-empty", var=migrated, cwd=migrated)
        assert done.returncode == 1
        assert "not up to date (1 migration not applied): run `intlmon migrate`" in done.stderr
    finally:
        assert intlmon("migrate", "-v", "0", var=migrated, cwd=migrated).returncode == 0


def test_a_report_process_ends_with_its_output_whole_and_its_status(migrated, tmp_path):
    done = intlmon("report", "national", "--year", "2031", "--allow-empty", "--lang", "en,ru", "--format", "html",
                   "--print", "json", "-o", str(tmp_path), var=migrated, cwd=migrated)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("]") and done.stdout.count('"path"') == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["national_report_2031_en.html", "national_report_2031_ru.html"]
    refused = intlmon("report", "national", "--year", "2031", var=migrated, cwd=migrated)  # no data, no --allow-empty
    assert refused.returncode == 1 and "no data for 2031" in refused.stderr
    unknown = intlmon("report", "country", "XX", "--year", "2023", var=migrated, cwd=migrated)
    assert unknown.returncode == 1 and "unknown country code 'XX'" in unknown.stderr
    usage = intlmon("report", "national", "--year", "2023", "--lang", "xx", var=migrated, cwd=migrated)
    assert usage.returncode == 2 and "unknown language" in usage.stderr
