"""Token authentication for HEI systems (`intlmon user token NAME`), throttling, the audit findings (analysts
only) and the documentation page under the portal's CSP."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient


def token_for(cli, capsys, name: str) -> str:
    """`intlmon user token NAME` (the management command itself: `intlmon`'s own argv handling is cli.py's)."""
    out = io.StringIO()
    call_command("user", "token", name, stdout=out)
    return out.getvalue().strip()


def test_a_token_acts_as_its_user_and_a_wrong_one_is_401(api_world, db, cli, capsys):
    key = token_for(cli, capsys, "clerk_a")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    seen = {s["institution"] for s in client.get("/api/v1/submissions/").json()["results"]}
    assert seen == {"hei-a"}
    assert client.get(f"/api/v1/submissions/{api_world.submission_b.pk}/").status_code == 404
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/v1/submissions/").status_code == 401
    assert client.get("/api/v1/statistics/").status_code == 401  # a wrong token is refused, not read as anonymous


def test_a_new_token_replaces_the_old_and_unknown_users_are_refused(api_world, db, cli, capsys):
    old = token_for(cli, capsys, "analyst")
    new = token_for(cli, capsys, "analyst")
    assert old != new and re.fullmatch(r"[0-9a-f]{40}", new)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/submissions/").status_code == 401
    with pytest.raises(CommandError, match="nobody"):
        call_command("user", "token", "nobody")


def test_throttling_answers_429_beyond_the_rate(api, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "100000/minute"})
    client = api("anonymous")
    statuses = [client.get("/api/v1/countries/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api("viewer").get("/api/v1/countries/").status_code == 200  # users have their own rate


@pytest.mark.parametrize("persona,status", [("anonymous", 401), ("clerk_a", 403), ("viewer", 403), ("analyst", 200),
                                            ("admin", 200)])
def test_audit_findings_are_for_the_centre(api, persona, status):
    response = api(persona).get("/api/v1/audit/?year=2023")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["year"] == 2023 and isinstance(body["findings"], list)


def test_audit_findings_in_the_one_problem_shape(api, api_world):
    from intlmon.collection.problems import FIELDS
    from intlmon.quality.audit import run_audit

    expected = [f.as_dict("en") for f in run_audit(2023)]
    body = api("analyst").get("/api/v1/audit/?year=2023", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["findings"] == expected
    assert all(tuple(f)[:len(FIELDS)] == FIELDS for f in body["findings"])
    assert api("analyst").get("/api/v1/audit/").status_code == 400


def test_the_documentation_page_runs_without_inline_script_and_the_schema_is_openapi_3(api):
    client = api("anonymous")
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "script-src 'self'" in page["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(src).status_code == 200, src
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/statistics/{stat_id}/", "/api/v1/uploads/", "/api/v1/submissions/{id}/approve/"} <= set(schema["paths"])
