"""Every URL of the portal × every persona → the status that persona must get (healthchecks style).

THE TABLE BELOW IS THE ONE PLACE a page's access rules are stated. A page author adds one `Case` per
URL name (more when the page behaves differently per object, e.g. a draft and a submitted version);
`test_every_url_of_the_portal_has_a_case` fails until they do. Object ids come from the `world`
fixture (tests/web/conftest.py) as dotted paths: {"pk": "submission_a.pk"}.

Expected values: 200, 302 (a redirect that is not to the login page), 403, 404, 405, or LOGIN
(a redirect to the login page, what an anonymous visitor gets on every protected page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.web.conftest import PERSONAS

LOGIN = "login"


@dataclass(frozen=True)
class Case:
    name: str  # the URL name in the `web` namespace
    expect: dict  # persona → expected status; every persona must be given
    kwargs: dict = field(default_factory=dict)  # URL argument → dotted path into `world`
    method: str = "get"
    data: dict = field(default_factory=dict)
    label: str = ""  # tells two cases of one URL apart in test ids


def statuses(anonymous, clerk_a, clerk_b, analyst, viewer, admin) -> dict:
    return dict(zip(PERSONAS, (anonymous, clerk_a, clerk_b, analyst, viewer, admin), strict=True))


CASES = [
    #                                                  anonymous  clerk_a clerk_b analyst viewer admin
    Case("home", statuses(                             LOGIN,     302,    302,    302,    302,   302)),
    Case("login", statuses(                            200,       302,    302,    302,    302,   302)),
    Case("logout", statuses(                           LOGIN,     LOGIN,  LOGIN,  LOGIN,  LOGIN, LOGIN), method="post"),
    Case("language", statuses(                         302,       302,    302,    302,    302,   302), method="post",
         data={"language": "en", "next": "/"}),
    Case("clerk-home", statuses(                       LOGIN,     200,    200,    403,    403,   403)),
    Case("centre-home", statuses(                      LOGIN,     403,    403,    200,    200,   200)),
    Case("submission", statuses(                       LOGIN,     200,    404,    200,    404,   200),
         kwargs={"pk": "submission_a.pk"}, label="HEI A submitted"),
    Case("submission", statuses(                       LOGIN,     404,    200,    404,    404,   200),
         kwargs={"pk": "submission_b.pk"}, label="HEI B draft"),
    # the clerk's pages (p4): clerk only; another HEI's object → 404; an upload token not of this session → 404
    Case("clerk-template", statuses(                   LOGIN,     200,    200,    403,    403,   403)),
    Case("clerk-upload", statuses(                     LOGIN,     200,    200,    403,    403,   403)),
    Case("clerk-upload-result", statuses(              LOGIN,     404,    404,    403,    403,   403),
         kwargs={"token": "hei_a.id"}, label="token of no session"),
    Case("clerk-upload-confirm", statuses(             LOGIN,     404,    404,    403,    403,   403),
         kwargs={"token": "hei_a.id"}, method="post", data={"confirm": "date"}, label="token of no session"),
    Case("clerk-upload-annotated", statuses(           LOGIN,     404,    404,    403,    403,   403),
         kwargs={"token": "hei_a.id"}, label="token of no session"),
    Case("clerk-versions", statuses(                   LOGIN,     200,    200,    403,    403,   403)),
    Case("clerk-diff", statuses(                       LOGIN,     200,    200,    403,    403,   403)),
    Case("clerk-rows", statuses(                       LOGIN,     200,    200,    403,    403,   403)),
    Case("clerk-rows", statuses(                       LOGIN,     200,    200,    403,    403,   403),
         data={"section": "agreements"}, label="one section"),
    Case("clerk-row-add", statuses(                    LOGIN,     200,    200,    403,    403,   403),
         data={"section": "agreements"}),
    Case("clerk-row-edit", statuses(                   LOGIN,     404,    404,    403,    403,   403),
         kwargs={"record": "submission_a.pk"}, data={"section": "agreements"}, label="no such row"),
    Case("clerk-submit", statuses(                     LOGIN,     302,    404,    403,    403,   403),
         kwargs={"pk": "submission_a.pk"}, method="post", label="HEI A submitted"),
    # the analyst's pages (p5): the Centre reads; a viewer reads the board, approved versions and the
    # explanations, and gets 403 on every decision; the name queue is the analysts' own work
    Case("analyst-board", statuses(                    LOGIN,     403,    403,    200,    200,   200)),
    Case("analyst-board", statuses(                    LOGIN,     403,    403,    404,    404,   404),
         data={"year": "1999"}, label="a year without a period"),
    Case("analyst-review", statuses(                   LOGIN,     403,    403,    200,    404,   200),
         kwargs={"pk": "submission_a.pk"}, label="HEI A submitted"),
    Case("analyst-review", statuses(                   LOGIN,     403,    403,    404,    404,   200),
         kwargs={"pk": "submission_b.pk"}, label="HEI B draft"),
    Case("analyst-decide", statuses(                   LOGIN,     403,    403,    302,    403,   302),
         kwargs={"pk": "submission_a.pk"}, method="post", data={"action": "approve"}, label="HEI A submitted"),
    Case("analyst-decide", statuses(                   LOGIN,     403,    403,    404,    403,   302),
         kwargs={"pk": "submission_b.pk"}, method="post", data={"action": "lock"}, label="HEI B draft"),
    Case("analyst-names", statuses(                    LOGIN,     403,    403,    200,    403,   200)),
    Case("analyst-name-decide", statuses(              LOGIN,     403,    403,    404,    403,   404),
         kwargs={"item": "submission_a.pk"}, method="post", data={"decision": "reject", "target": "x"},
         label="no such item"),
    Case("analyst-explanations", statuses(             LOGIN,     403,    403,    200,    200,   200)),
    Case("analyst-explanations", statuses(             LOGIN,     403,    403,    200,    403,   200),
         method="post", data={"check": "no-such-check", "text": "why"}, label="add, refused"),
    Case("analyst-explanation-withdraw", statuses(     LOGIN,     403,    403,    302,    403,   302),
         kwargs={"pk": "submission_a.pk"}, method="post", label="no such explanation"),
    # the public dashboards (d1): open to everyone, signed in or not; the world holds no counted year, so
    # the overview and an HEI page say so, and a figure, an export or a country (none in the registry) is 404
    Case("dashboard", statuses(                        200,       200,    200,    200,    200,   200)),
    # strategic partnerships (issue 15): every portal role reads; a clerk sees only their HEI's partnerships
    # (tests/partnerships/test_pages.py: HEI A's partnership → 404 for the clerk of HEI B)
    Case("partnerships", statuses(                     LOGIN,     200,    200,    200,    200,   200)),
    Case("partnership", statuses(                      LOGIN,     404,    404,    404,    404,   404),
         kwargs={"pk": "submission_a.pk"}, label="no such partnership"),
    Case("dashboard-hei", statuses(                    200,       200,    200,    200,    200,   200),
         kwargs={"pk": "hei_b.id"}, label="an HEI without counted data"),
    Case("dashboard-hei-chart", statuses(              404,       404,    404,    404,    404,   404),
         kwargs={"pk": "hei_b.id", "key": "hei_a.id"}, label="no year with data"),
    Case("dashboard-chart", statuses(                  404,       404,    404,    404,    404,   404),
         kwargs={"key": "hei_a.id"}, label="no year with data"),
    Case("dashboard-figure", statuses(                 404,       404,    404,    404,    404,   404),
         data={"statistic": "agreements", "year": "2024"}, label="a year without data"),
    Case("dashboard-export", statuses(                 404,       404,    404,    404,    404,   404),
         data={"page": "overview", "table": "top-partner-countries"}, label="no year with data"),
    Case("dashboard-country", statuses(                404,       404,    404,    404,    404,   404),
         kwargs={"code": "hei_a.id"}, label="not a country"),
    Case("dashboard-country-note", statuses(           404,       404,    404,    404,    404,   404),
         kwargs={"code": "hei_a.id", "fmt": "period.year"}, label="not a country"),
]


def url_names(patterns, prefix="") -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def url_of(case: Case, world) -> str:
    return reverse(f"web:{case.name}", kwargs={k: attrgetter(v)(world) for k, v in case.kwargs.items()})


def test_every_url_of_the_portal_has_a_case():
    from intlmon.web import urls

    declared = set(url_names(get_resolver(urls).url_patterns))
    assert declared, "the portal's URLconf lists its pages"
    assert declared == {c.name for c in CASES}, "add a Case to CASES for every URL of intlmon.web.urls"
    for case in CASES:
        assert set(case.expect) == set(PERSONAS), f"{case.name}: give an expected status for every persona"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}{'[' + c.label + ']' if c.label else ''}")
def test_each_persona_gets_the_expected_status(as_persona, world, case, persona):
    client = as_persona(persona)
    url = url_of(case, world)
    response = getattr(client, case.method)(url, case.data)
    expected = case.expect[persona]
    login_url = resolve_url(settings.LOGIN_URL)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(login_url), (
            f"{persona} {case.method.upper()} {url}: {response.status_code} {response.get('Location')}")
        return
    assert response.status_code == expected, f"{persona} {case.method.upper()} {url}"
    if response.status_code == 302 and persona != "anonymous":
        assert not response["Location"].startswith(login_url), f"{persona} was sent to log in again by {url}"


def _names_of(hei) -> list[str]:
    return [n for n in (hei.id, hei.name_en, hei.name_ru, hei.name_kk) if n]


@pytest.mark.parametrize("case", [c for c in CASES if c.method == "get"], ids=lambda c: f"{c.name}{c.label}")
def test_no_page_the_clerk_of_hei_b_opens_shows_anything_of_hei_a(as_persona, world, case):
    client = as_persona("clerk_b")
    for language in ("en", "ru", "kk"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url_of(case, world), follow=True)
        text = response.content.decode()
        leaked = [n for n in _names_of(world.hei_a) if re.search(re.escape(n), text)]
        leaked += [s for s in ("alpha-2024.xlsx", "Alpha's own remark") if s in text]
        assert not leaked, f"{url_of(case, world)} shows {leaked} of HEI A to the clerk of HEI B ({language})"


def test_the_pages_that_must_show_hei_a_do_so_for_its_clerk(as_persona, world):
    """The leak test above would pass on empty pages; the same pages show HEI A to HEI A's clerk."""
    client = as_persona("clerk_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Alpha University" in client.get(reverse("web:clerk-home")).content.decode()
    page = client.get(reverse("web:submission", kwargs={"pk": world.submission_a.pk})).content.decode()
    assert "Alpha University" in page and "Alpha&#x27;s own remark" in page
