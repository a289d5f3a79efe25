"""The portal page and the API of partnerships, per persona: the Centre and the Ministry read the whole
register; a clerk reads only their HEI's partnerships — HEI A's partnership does not exist (404) for the clerk
of HEI B; nobody writes through them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from intlmon.partnerships.models import Partnership
from tests.web.conftest import as_persona, world  # noqa: F401  (the portal's personas and their world)

NAME = "Alpha–Gamma double-degree school"


@pytest.fixture
def alpha(world, db):  # noqa: F811
    p = Partnership.objects.create(key="alpha-gamma", name=NAME, model="joint_school", term_years=10)
    p.institutions.add(world.hei_a)
    return p


PAGE_STATUS = {"clerk_a": 200, "clerk_b": 404, "analyst": 200, "viewer": 200, "admin": 200}


@pytest.mark.parametrize("persona,status", PAGE_STATUS.items())
def test_the_scorecard_page_per_persona(as_persona, alpha, persona, status):  # noqa: F811
    client = as_persona(persona)
    response = client.get(reverse("web:partnership", kwargs={"pk": alpha.pk}), {"year": 2024})
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert NAME in text
        assert "<form" not in text.split("<main", 1)[-1] or 'method="get"' in text  # read-only: no editing form


@pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "viewer"])
def test_the_register_lists_only_what_the_persona_may_see(as_persona, alpha, persona):  # noqa: F811
    client = as_persona(persona)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("web:partnerships"), {"year": 2024}).content.decode()
    link = reverse("web:partnership", kwargs={"pk": alpha.pk})
    assert (link in text) is (persona != "clerk_b")
    assert ("Alpha University" in text) is (persona != "clerk_b")  # listed by its HEI (no partner in this world)


def test_the_scorecard_shows_states_and_evidence(as_persona, alpha):  # noqa: F811
    client = as_persona("analyst")
    text = client.get(reverse("web:partnership", kwargs={"pk": alpha.pk}), {"year": 2024}).content.decode()
    assert "state-met" in text and "state-no_evidence" in text
    assert "10" in text  # the term that meets "long-term"


def test_anonymous_is_sent_to_log_in(as_persona, alpha):  # noqa: F811
    response = as_persona("anonymous").get(reverse("web:partnerships"))
    assert response.status_code == 302 and "login" in response["Location"]


API_STATUS = {"anonymous": (401, 403), "clerk_a": (200,), "clerk_b": (404,), "analyst": (200,), "viewer": (200,)}


@pytest.mark.parametrize("persona,statuses", API_STATUS.items())
def test_the_api_detail_per_persona(as_persona, alpha, persona, statuses):  # noqa: F811
    response = as_persona(persona).get(f"/api/v1/partnerships/{alpha.pk}/", {"year": 2024})
    assert response.status_code in statuses
    if response.status_code == 200:
        data = response.json()
        assert data["key"] == "alpha-gamma"
        assert {c["id"]: c["state"] for c in data["criteria"]}["long_term"] == "met"


@pytest.mark.parametrize("persona,count", [("clerk_a", 1), ("clerk_b", 0), ("viewer", 1)])
def test_the_api_list_per_persona(as_persona, alpha, persona, count):  # noqa: F811
    data = as_persona(persona).get("/api/v1/partnerships/", {"year": 2024}).json()
    assert len(data["partnerships"]) == count
    assert data["summary"]["partnerships"] == count


def test_the_api_is_read_only(as_persona, alpha):  # noqa: F811
    response = as_persona("admin").post("/api/v1/partnerships/", {})
    assert response.status_code in (403, 405)
    assert Partnership.objects.count() == 1
