"""Fixes from the security review of the portal's foundation and clerk pages (notes r1).

Each test shows what a user (or an attacker) would notice: an oversized upload is refused with the
safety check's message before anything is written to disk, and the CSRF check still works on it.
"""

from __future__ import annotations

import csv
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from intlmon.web import clerk_upload, upload_limits
from tests.web.conftest import MODEL_BACKEND

LIMIT = 10_000  # bytes: the test's stand-in for collection.safety.MAX_FILE_BYTES (20 MB)


@pytest.fixture
def small_limit(monkeypatch, settings, tmp_path):
    """Uploads above LIMIT are too large; Django's temporary files and the portal's copies go to tmp_path."""
    monkeypatch.setattr(upload_limits, "MAX_FILE_BYTES", LIMIT)
    monkeypatch.setattr(clerk_upload, "MAX_FILE_BYTES", LIMIT)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000  # anything bigger would be streamed to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "django-tmp")
    (tmp_path / "django-tmp").mkdir()
    settings.PORTAL_UPLOAD_DIR = tmp_path / "uploads"
    return tmp_path


def written_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def big_workbook(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("huge.xlsx", b"PK\x03\x04" + b"x" * size)


@pytest.mark.parametrize("overhead", [upload_limits.FORM_OVERHEAD_BYTES, 0],
                         ids=["counted-while-arriving", "announced-length"])
def test_an_oversized_upload_is_refused_with_the_size_message_and_nothing_is_written(
        as_persona, world, db, small_limit, monkeypatch, overhead):
    monkeypatch.setattr(upload_limits, "FORM_OVERHEAD_BYTES", overhead)
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("web:clerk-upload"), {"workbook": big_workbook(5 * LIMIT)})
    text = response.content.decode()
    assert response.status_code == 200
    assert "The file &#x27;huge.xlsx&#x27; is too large" in text
    assert written_files(small_limit) == []  # neither Django's temporary file nor the portal's copy


def test_the_size_message_is_in_the_clerks_language(as_persona, world, db, small_limit):
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    text = client.post(reverse("web:clerk-upload"), {"workbook": big_workbook(5 * LIMIT)}).content.decode()
    assert "слишком большой" in text


def test_a_workbook_under_the_limit_still_reaches_the_validation(as_persona, world, db, small_limit):
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("web:clerk-upload"), {"workbook": big_workbook(LIMIT // 2)})
    assert response.status_code == 302  # kept and validated: the result page
    assert "huge.xlsx" in written_files(small_limit)


def test_the_upload_form_keeps_csrf_even_when_the_file_is_refused(world, db, small_limit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["clerk_a"], backend=MODEL_BACKEND)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = client.get(reverse("web:clerk-upload")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    without = client.post(reverse("web:clerk-upload"), {"workbook": big_workbook(10)})
    assert without.status_code == 403
    refused = client.post(reverse("web:clerk-upload"), {"csrfmiddlewaretoken": token,
                                                        "workbook": big_workbook(5 * LIMIT)})
    assert refused.status_code == 200 and "too large" in refused.content.decode()


def test_open_data_text_that_looks_like_a_formula_stays_text_in_the_csv(tmp_path):
    """A partner's name typed as `=HYPERLINK(…)` must not become a live link when the public opens the CSV
    in a spreadsheet; numbers (a negative change) and codes are written as they are."""
    from intlmon.opendata.package import write_table
    from intlmon.opendata.table import Table, column

    table = Table("partners", "Partners", "", [column("id", "string", ""), column("name_en", "string", ""),
                                                column("change", "number", "")], ["id"])
    table.rows = [["p-1", '=HYPERLINK("http://evil.example","click")', "-3.5"], ["p-2", "Leiden University", "2"]]
    write_table(table, tmp_path)
    with (tmp_path / table.path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["p-1", '\'=HYPERLINK("http://evil.example","click")', "-3.5"]
    assert rows[2] == ["p-2", "Leiden University", "2"]


def test_the_clerk_of_another_hei_cannot_diff_hei_a_versions_by_id(as_persona, world, db):
    client = as_persona("clerk_b")
    a = world.submission_a.pk
    assert client.get(reverse("web:clerk-diff"), {"old": a, "new": a}).status_code == 404
    assert client.get(reverse("web:clerk-diff"), {"old": world.submission_b.pk, "new": a}).status_code == 404
    assert client.get(reverse("web:clerk-diff"), {"old": "1 OR 1=1"}).status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_login_never_redirects_to_another_site(world, db, target):
    from tests.web.conftest import PASSWORD

    response = Client().post(f"{reverse('web:login')}?next={target}",
                             {"username": "clerk_a", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("year", [1, 2_147_483_648, 99_999_999_999_999_999_999])
def test_the_open_data_download_of_an_impossible_year_is_404_not_an_error_page(client, db, year):
    assert client.get(f"/opendata/{year}.zip").status_code == 404


def _login_from(address: str, username: str, password: str):
    """A login posted through the TLS proxy: REMOTE_ADDR is the proxy, the client is in X-Forwarded-For."""
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address).post(
        reverse("web:login"), {"username": username, "password": password})


def test_behind_the_proxy_wrong_passwords_from_one_address_do_not_lock_the_user_out_everywhere(world, db, settings):
    """Every request reaches gunicorn from the proxy's address; throttling must count the client's."""
    from tests.web.conftest import PASSWORD

    settings.INTLMON_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login_from("203.0.113.9", "clerk_a", "wrong password")
    assert _login_from("203.0.113.9", "clerk_a", PASSWORD).status_code == 429  # the guesser is locked
    assert _login_from("198.51.100.7", "clerk_a", PASSWORD).status_code == 302  # the clerk elsewhere is not
    # an address the guesser writes into the header himself does not escape the lock
    assert _login_from("198.51.100.7, 203.0.113.9", "clerk_a", PASSWORD).status_code == 429


def test_production_settings_count_one_proxy_in_front():
    import os
    import secrets
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "INTLMON_"))}
    env.update(DJANGO_SETTINGS_MODULE="intlmon.settings", INTLMON_PRODUCTION="1", SECRET_KEY=secrets.token_urlsafe(64),
               INTLMON_VAR_DIR="/nonexistent/intlmon-var")
    code = "import django; django.setup(); from django.conf import settings; print(settings.INTLMON_PROXY_COUNT)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "1", result.stderr
