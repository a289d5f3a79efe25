"""The `intlmon` command as a newcomer meets it: run from another folder, on a missing, empty or
out-of-date database, asking for help, mistyping a command.

Most tests start the real console script in a subprocess, from a temporary folder, with
INTLMON_VAR_DIR pointing at a temporary (often absent) database, and look at what a person sees:
the exit status, one line on stderr, and which files were (not) created.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from intlmon.cli import SOURCE_CHECKOUT

SCRIPT = Path(sys.executable).with_name("intlmon")


def intlmon(*args: str, cwd: Path, var: Path | None = None, database_url: str | None = None, lang: str = "en",
            timeout: int = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "INTLMON_VAR_DIR", "DJANGO_SETTINGS_MODULE")}
    env["LANGUAGE_CODE"] = lang
    if var is not None:
        env["INTLMON_VAR_DIR"] = str(var)
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "intlmon.cli"]
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "somewhere" / "else"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite database of this module (no registry, no data)."""
    var = tmp_path_factory.mktemp("var")
    done = intlmon("migrate", "--noinput", "-v", "0", cwd=var, var=var)
    assert done.returncode == 0, done.stderr
    return var


def created_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("command", [["audit", "--year", "2023"], ["stats", "--year", "2023"], ["explain", "--list"],
                                     ["registry", "search", "kaznu"], ["review", "list"]])
def test_a_missing_database_is_one_line_and_nothing_is_created(elsewhere, tmp_path, command):
    var = tmp_path / "var"
    done = intlmon(*command, cwd=elsewhere, var=var)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert str(var / "intlmon.sqlite3") in lines[0] and "intlmon migrate" in lines[0]
    assert not var.exists() and created_files(elsewhere) == []


def test_a_usage_error_is_told_before_the_database_is_looked_at(elsewhere, tmp_path):
    done = intlmon("audit", "--yaer", "2023", cwd=elsewhere, var=tmp_path / "var")
    assert done.returncode == 2 and "usage: intlmon audit" in done.stderr and "required: --year" in done.stderr
    assert not (tmp_path / "var").exists()


def test_a_database_without_the_registry_says_what_to_load(elsewhere, migrated):
    done = intlmon("registry", "search", "kaznu", cwd=elsewhere, var=migrated)
    assert done.returncode == 1
    assert "has no registry loaded: run `intlmon load-registry`" in done.stderr


def test_an_empty_database_file_says_so(elsewhere, tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    sqlite3.connect(var / "intlmon.sqlite3").execute("create table unrelated (x)").connection.commit()
    done = intlmon("stats", "--year", "2023", cwd=elsewhere, var=var)
    assert done.returncode == 1 and "is empty" in done.stderr and "intlmon migrate" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_message_follows_the_configured_language(elsewhere, tmp_path, compiled_catalogues):
    done = intlmon("stats", "--year", "2023", cwd=elsewhere, var=tmp_path / "var", lang="kk")
    assert done.returncode == 1 and "дерекқоры жоқ" in done.stderr


def test_an_unreachable_server_is_one_line_naming_it_without_the_password(elsewhere):
    url = "postgres://postgres:secret@127.0.0.1:5432/intlmon_h8_no_such_database"
    done = intlmon("audit", "--year", "2023", cwd=elsewhere, database_url=url)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "intlmon_h8_no_such_database" in done.stderr and "secret" not in done.stderr
    assert created_files(elsewhere) == []


def test_it_works_from_another_folder_on_the_configured_database(elsewhere, migrated):
    done = intlmon("explain", "--list", cwd=elsewhere, var=migrated)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "No explanations."
    assert created_files(elsewhere) == []


def test_a_database_behind_the_code_says_which_migration_to_run(elsewhere, migrated):
    assert intlmon("migrate", "quality", "0001", "-v", "0", cwd=elsewhere, var=migrated).returncode == 0
    try:
        done = intlmon("explain", "--list", cwd=elsewhere, var=migrated)
        assert done.returncode == 1
        assert "not up to date (1 migration not applied): run `intlmon migrate`" in done.stderr
    finally:
        assert intlmon("migrate", "-v", "0", cwd=elsewhere, var=migrated).returncode == 0


def test_without_configuration_the_source_checkouts_database_is_used(elsewhere):
    done = intlmon("--help", cwd=elsewhere)
    assert done.returncode == 0
    assert f"Database: {SOURCE_CHECKOUT / 'var' / 'intlmon.sqlite3'}" in done.stdout
    assert created_files(elsewhere) == []


def test_help_groups_intlmon_commands_and_keeps_django_reachable(elsewhere, tmp_path):
    done = intlmon("--help", cwd=elsewhere, var=tmp_path / "var")
    assert done.returncode == 0
    out = done.stdout
    assert out.index("Set up:") < out.index("Registry and names:") < out.index("Reports:")
    assert "  review " in out and "  registry " in out and "  explain " in out
    assert "collectstatic" not in out and "sendtestemail" not in out
    django = intlmon("django", "help", cwd=elsewhere, var=tmp_path / "var")
    assert django.returncode == 0 and "collectstatic" in django.stdout
    assert intlmon("help", "review", cwd=elsewhere, var=tmp_path / "var").stdout.startswith("usage: intlmon review")
    assert not (tmp_path / "var").exists()


def test_exit_codes(elsewhere, migrated):
    unknown = intlmon("reprot", cwd=elsewhere, var=migrated)
    assert unknown.returncode == 2 and "unknown command 'reprot'" in unknown.stderr
    assert intlmon("report", "national", cwd=elsewhere, var=migrated).returncode == 2  # --year missing
    no_data = intlmon("audit", "--year", "2031", cwd=elsewhere, var=migrated)
    assert no_data.returncode == 1 and "no data for 2031" in no_data.stderr
    assert intlmon("explain", "--list", cwd=elsewhere, var=migrated).returncode == 0


# -- in-process: the report of a year without data, the progress bar ----------------------------

@pytest.mark.django_db
def test_a_report_of_a_year_without_data_is_refused_unless_asked_for(cli, capsys, tmp_path):
    """Messages follow LANGUAGE_CODE (the user's language), --lang chooses the documents' languages."""
    from django.utils import translation

    with translation.override("en"):
        assert cli(["report", "national", "--year", "2031", "--lang", "en", "--format", "html", "-o", str(tmp_path)]) == 1
    assert "no data for 2031" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
    assert cli(["report", "national", "--year", "2031", "--lang", "en", "--format", "html", "-o", str(tmp_path),
                "--allow-empty"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["national_report_2031_en.html"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_and_nothing_otherwise(monkeypatch):
    from intlmon.progress import track

    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    assert list(track([1, 2, 3], "Writing")) == [1, 2, 3]
    assert piped.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(track([1, 2, 3], "Writing")) == [1, 2, 3]
    assert "Writing" in terminal.getvalue()


def test_migrate_creates_the_configured_database_and_nothing_else(elsewhere, tmp_path):
    database = tmp_path / "db" / "mine.sqlite3"
    done = intlmon("migrate", "--noinput", "-v", "0", cwd=elsewhere, database_url=f"sqlite:///{database}")
    assert done.returncode == 0, done.stderr
    assert database.is_file() and created_files(elsewhere) == []
    assert created_files(tmp_path / "db") == ["mine.sqlite3"]


def test_commands_with_sub_actions_run_and_refuse_with_exit_1_not_a_usage_error(elsewhere, migrated):
    listed = intlmon("user", "list", cwd=elsewhere, var=migrated)
    assert listed.returncode == 0, listed.stderr
    refused = intlmon("user", "add", "someone", "--role", "bogus", "--password-stdin", cwd=elsewhere, var=migrated)
    assert refused.returncode == 1, refused.stderr
    assert "bogus" in refused.stderr and "usage:" not in refused.stderr and "CommandError" not in refused.stderr
