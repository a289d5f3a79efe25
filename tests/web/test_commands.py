"""`intlmon user add|list|demo` and `intlmon serve`, as an administrator meets them."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model

from tests.test_cli import SCRIPT, intlmon

GOOD_PASSWORD = "plenty-of-entropy-42"


@pytest.fixture
def run(cli, monkeypatch, capsys, world, db, settings, compiled_catalogues):
    """`intlmon user …` in-process with the given standard input; (exit status, stdout, stderr), in English."""
    settings.LANGUAGE_CODE = "en"

    def call(*args, stdin=""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = cli(["user", *args])
        out, err = capsys.readouterr()
        return status, out, err

    return call


def test_it_adds_a_clerk_of_an_hei_who_can_then_log_in(run, client):
    status, out, _err = run("add", "aigerim", "--role", "clerk", "--institution", "hei-a", "--password-stdin",
                            stdin=GOOD_PASSWORD + "\n")
    assert status == 0 and "aigerim (clerk, hei-a)" in out
    profile = get_user_model().objects.get(username="aigerim").portal
    assert (profile.role, profile.institution_id) == ("clerk", "hei-a")
    assert client.post("/login/", {"username": "aigerim", "password": GOOD_PASSWORD}).status_code == 302


def test_an_admin_may_use_the_admin_site(run):
    assert run("add", "boss", "--role", "admin", "--password-stdin", stdin=GOOD_PASSWORD)[0] == 0
    user = get_user_model().objects.get(username="boss")
    assert user.is_staff and user.is_superuser and user.portal.role == "admin"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["--role", "boss"], GOOD_PASSWORD, "unknown role 'boss'; expected one of: clerk, analyst, viewer, admin"),
    (["--role", "clerk"], GOOD_PASSWORD, "a clerk acts for one HEI"),
    (["--role", "clerk", "--institution", "no-such-hei"], GOOD_PASSWORD, "no HEI with the registry id 'no-such-hei'"),
    (["--role", "analyst", "--institution", "hei-a"], GOOD_PASSWORD, "only a clerk belongs to an HEI"),
    (["--role", "analyst"], "short", "the password is refused"),
])
def test_it_refuses_what_cannot_be_made_and_creates_nothing(run, args, stdin, message):
    status, _out, err = run("add", "newcomer", *args, "--password-stdin", stdin=stdin)
    assert status == 1
    assert message in err
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_the_refusal_is_in_the_configured_language(run, settings):
    settings.LANGUAGE_CODE = "kk"
    status, _out, err = run("add", "newcomer", "--role", "boss", "--password-stdin", stdin=GOOD_PASSWORD)
    assert status == 1 and "белгісіз рөл «boss»" in err


def test_a_name_in_use_is_refused(run):
    status, _out, err = run("add", "analyst", "--role", "viewer", "--password-stdin", stdin=GOOD_PASSWORD)
    assert status == 1 and "already exists" in err


def test_it_lists_users_with_role_and_hei(run):
    status, out, _err = run("list", "--format", "json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert status == 0
    assert (rows["clerk_b"]["role"], rows["clerk_b"]["institution"]) == ("clerk", "hei-b")
    assert rows["viewer"]["institution"] == ""


def test_demo_users_are_printed_with_passwords_that_log_in(run, client):
    status, out, _err = run("demo")
    assert status == 0
    lines = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert set(lines) == {"demo-clerk-a", "demo-clerk-b", "demo-analyst", "demo-viewer", "demo-admin"}
    clerk_a, clerk_b = lines["demo-clerk-a"], lines["demo-clerk-b"]
    assert clerk_a[1] == clerk_b[1] == "clerk" and clerk_a[2] != clerk_b[2]
    assert clerk_a[2] == "hei-a"  # the HEI with data in the latest period comes first
    assert client.post("/login/", {"username": "demo-analyst", "password": lines["demo-analyst"][-1]}).status_code == 302
    again = run("demo")[1]  # re-running resets the same five users with new passwords
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 5
    assert again != out


def test_demo_users_are_refused_under_production_settings(run, settings):
    settings.PRODUCTION = True
    status, _out, err = run("demo")
    assert status == 1 and "production" in err
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serving_prepares_each_language_before_the_fork_and_leaves_no_connection_or_thread(db, monkeypatch):
    """web/serving.py, what gunicorn's master imports under `intlmon serve --preload`."""
    import threading

    from django.db import connections

    from intlmon.api.schema import SchemaView

    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))  # the test's transaction stays
    monkeypatch.setattr(SchemaView, "kept", {})
    before = set(threading.enumerate())
    from intlmon.web import serving

    done = serving.prepare()
    assert done["languages"] == 3 and done["schemas"] == 9 and done["templates"] > 30
    assert len(SchemaView.kept) == 9 and closed  # every connection it opened is closed before the fork
    assert set(threading.enumerate()) == before  # a fork copies only the forking thread: none was started
    assert serving.application is not None


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="serves its own SQLite database: run once, on the SQLite pass")
def test_serve_runs_the_portal_with_its_static_files(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    assert intlmon("migrate", "--noinput", "-v", "0", cwd=tmp_path, var=var).returncode == 0
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(INTLMON_VAR_DIR=str(var), LANGUAGE_CODE="en")
    log = tmp_path / "serve.log"
    server = subprocess.Popen([str(SCRIPT), "serve", "--port", str(port), "--workers", "1"], cwd=tmp_path, env=env,
                              stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
                    page = response.read().decode()
                    policy = response.headers["Content-Security-Policy"]
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.3)
        assert "User name" in page and "'unsafe-inline'" not in policy
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/vendor/htmx/htmx.min.js", timeout=5) as r:
            assert r.status == 200 and b"htmx" in r.read(2000)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/schema/", timeout=5) as r:  # built before the fork
            assert r.status == 200 and b"openapi: 3" in r.read(200)
        # the cache it cleared is warmed again beside the server (`intlmon warm`: here no year has data)
        while "warm: " not in log.read_text():
            assert time.monotonic() < deadline + 60, log.read_text()
            time.sleep(0.3)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "Starting gunicorn" in log.read_text() and "(no year has counted data)" in log.read_text()
