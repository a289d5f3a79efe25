"""The language switcher: a logged-in user's choice is saved and follows them to another browser."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web.conftest import MODEL_BACKEND

MY_HEI = {"kk": "Менің ЖОО-м", "ru": "Мой вуз", "en": "My HEI"}


@pytest.fixture(autouse=True)
def _catalogues(compiled_catalogues):
    pass


def _page(client, name="web:clerk-home") -> str:
    return client.get(reverse(name)).content.decode()


def test_the_choice_is_saved_and_follows_the_user_to_another_browser(world, db):
    clerk = world.users["clerk_a"]
    first = Client(HTTP_ACCEPT_LANGUAGE="ru")
    first.force_login(clerk, backend=MODEL_BACKEND)
    assert MY_HEI["ru"] in _page(first)
    response = first.post(reverse("web:language"), {"language": "kk", "next": reverse("web:clerk-home")})
    assert response.status_code == 302 and response["Location"] == reverse("web:clerk-home")
    clerk.portal.refresh_from_db()
    assert clerk.portal.language == "kk"
    assert '<html lang="kk">' in _page(first) and MY_HEI["kk"] in _page(first)

    other_browser = Client(HTTP_ACCEPT_LANGUAGE="en")  # no cookie, English browser
    other_browser.force_login(clerk, backend=MODEL_BACKEND)
    page = _page(other_browser)
    assert '<html lang="kk">' in page and MY_HEI["kk"] in page


def test_another_users_language_is_not_changed(world, db):
    client = Client()
    client.force_login(world.users["clerk_b"], backend=MODEL_BACKEND)
    client.post(reverse("web:language"), {"language": "en"})
    world.users["clerk_a"].portal.refresh_from_db()
    world.users["clerk_b"].portal.refresh_from_db()
    assert world.users["clerk_b"].portal.language == "en"
    assert world.users["clerk_a"].portal.language == ""


def test_an_anonymous_visitor_switches_by_cookie(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    response = client.post(reverse("web:language"), {"language": "en", "next": reverse("web:login")})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "User name" in _page(client, "web:login")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_the_switcher_never_redirects_off_site(db, target):
    response = Client().post(reverse("web:language"), {"language": "en", "next": target})
    assert response["Location"] == "/"


@pytest.mark.parametrize(("language", "heading"), [("kk", "Есептер"), ("ru", "Отчёты"), ("en", "Submissions")])
def test_the_centre_home_reads_in_each_language(as_persona, world, language, heading):
    client = as_persona("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = _page(client, "web:centre-home")
    assert f"<h1>{heading}</h1>" in page
    assert "2024" in page


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_message_django_also_translates_reads_as_django_has_it(lang):
    """Django's own apps come before intlmon.web in INSTALLED_APPS and their catalogues win: a portal
    message translated otherwise would be a dead entry and the page would not read as the catalogue says."""
    from pathlib import Path

    import django
    from babel.messages.pofile import read_po

    def entries(po):
        with open(po, "rb") as f:
            return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string for m in read_po(f, locale=lang)
                    if m.id and m.string}

    ours = entries(Path(__file__).parents[2] / "src/intlmon/web/locale" / lang / "LC_MESSAGES/django.po")
    differing = []
    for po in (Path(django.__file__).parent / "contrib").glob(f"*/locale/{lang}/LC_MESSAGES/django.po"):
        differing += [f"{key[1]!r}: ours {ours[key]!r}, {po.parts[-5]} {text!r}"
                      for key, text in entries(po).items() if key in ours and ours[key] != text]
    assert differing == []
