"""The portal's security settings as a user (or an attacker) meets them: CSP, throttled logins, CSRF,
and production settings that `check --deploy` finds clean."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD


def _login(client, username, password):
    return client.post(reverse("web:login"), {"username": username, "password": password})


def test_the_content_security_policy_allows_no_inline_code(as_persona, world):
    response = as_persona("clerk_a").get(reverse("web:clerk-home"))
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("name", ["web:login", "web:clerk-home", "web:submission"])
def test_no_page_carries_inline_script_style_or_handler(as_persona, world, name):
    """What the policy forbids would be silently blocked in the browser: the pages must not need it."""
    kwargs = {"pk": world.submission_a.pk} if name == "web:submission" else {}
    html = as_persona("anonymous" if name == "web:login" else "clerk_a").get(reverse(name, kwargs=kwargs)).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style\b", html) == []
    assert re.findall(r"\sstyle=", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []
    assert "/static/web/vendor/htmx/htmx.min.js" in html and "/static/web/css/portal.css" in html


def test_static_files_are_served_by_the_app(client):
    response = client.get("/static/web/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)


def test_a_correct_password_logs_in(world, db):
    client = Client()
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert client.get(reverse("web:clerk-home")).status_code == 200


def test_logins_are_throttled_after_repeated_failures(world, db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "clerk_a", "wrong password").status_code == 200  # the form again, with the error
    assert _login(client, "clerk_a", "wrong password").status_code == 429
    locked = _login(client, "clerk_a", PASSWORD)  # now even the right password is refused
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # the lock is per user name and address: another user from the same address still logs in
    assert _login(Client(), "clerk_b", PASSWORD).status_code == 302


def test_a_form_posted_without_its_csrf_token_is_refused(world, db):
    client = Client(enforce_csrf_checks=True)
    assert _login(client, "clerk_a", PASSWORD).status_code == 403


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "INTLMON_"))}
    env.update(DJANGO_SETTINGS_MODULE="intlmon.settings", INTLMON_PRODUCTION="1", ALLOWED_HOSTS="portal.example.kz",
               SECRET_KEY=secrets.token_urlsafe(64), INTLMON_VAR_DIR="/nonexistent/intlmon-var")
    env.update(extra)
    return env


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=_production_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("problem", [{"SECRET_KEY": ""}, {"DEBUG": "1"}])
def test_production_settings_refuse_the_development_key_and_debug(problem):
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy"],
                            env=_production_env(**problem), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "INTLMON_PRODUCTION=1 needs SECRET_KEY" in result.stderr


def test_production_settings_turn_on_https_only_cookies_and_hsts():
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                            env=_production_env(), capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr
