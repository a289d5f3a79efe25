"""The menu every page carries: each role reaches its pages from its home, and no link it may not follow."""

from __future__ import annotations

import pytest
from django.urls import reverse

CLERK_PAGES = ("web:clerk-template", "web:clerk-upload", "web:clerk-versions", "web:clerk-rows")
CENTRE_PAGES = ("web:centre-home", "web:analyst-board", "web:analyst-explanations")


def links(response) -> set[str]:
    text = response.content.decode()
    nav = text.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    return {part.split('"', 1)[0] for part in nav.split('href="')[1:]}


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_the_centre_home_leads_to_the_board_the_name_queue_and_the_explanations(as_persona, persona):
    found = links(as_persona(persona).get(reverse("web:centre-home")))
    assert {reverse(name) for name in CENTRE_PAGES} | {reverse("web:analyst-names")} <= found
    assert not {reverse(name) for name in CLERK_PAGES} & found


def test_the_viewer_reads_the_board_but_has_no_way_to_the_name_queue(as_persona):
    found = links(as_persona("viewer").get(reverse("web:centre-home")))
    assert {reverse(name) for name in CENTRE_PAGES} <= found
    assert reverse("web:analyst-names") not in found


def test_the_clerk_home_leads_to_template_upload_versions_and_rows_only(as_persona):
    found = links(as_persona("clerk_a").get(reverse("web:clerk-home")))
    assert {reverse(name) for name in CLERK_PAGES} <= found
    assert not {reverse(name) for name in CENTRE_PAGES} & found
