"""Records per section: public sees counted rows only; a clerk also their own HEI's current version; never
another HEI's uncounted rows; filters and pagination."""

from __future__ import annotations

import pytest

from tests.web.kept_cache import own_cache  # noqa: F401  (a test's own cache folder)

URL = "/api/v1/records/double_degree_programmes/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["results"]}


@pytest.mark.parametrize("persona", ["anonymous", "viewer", "analyst", "clerk_a", "clerk_b"])
def test_every_persona_sees_the_counted_rows_and_only_a_clerk_its_own_current_version(api, api_world, persona):
    counted = {r.pk for r in api_world.counted}
    own = {"clerk_a": {api_world.submitted_row.pk}, "clerk_b": {api_world.draft_row.pk}}.get(persona, set())
    assert ids(api(persona).get(URL)) == counted | own


def test_a_row_shows_its_hei_version_year_and_cells(api, api_world):
    row = api("anonymous").get(f"{URL}{api_world.counted[0].pk}/").json()
    assert (row["institution"], row["submission"], row["year"], row["country"], row["enrolment"], row["level"]) == (
        "hei-a", api_world.approved_a.pk, 2023, "FR", 10, "master")


def test_another_hei_draft_row_is_404_for_everyone_but_its_clerk(api, api_world):
    url = f"{URL}{api_world.draft_row.pk}/"
    assert api("clerk_b").get(url).status_code == 200
    for persona in ("anonymous", "clerk_a", "analyst", "viewer"):
        assert api(persona).get(url).status_code == 404, persona


def test_one_version_by_submission_follows_the_workflow_visibility(api, api_world):
    url = f"{URL}?submission={api_world.submission_a.pk}"
    assert ids(api("analyst").get(url)) == {api_world.submitted_row.pk}  # the Centre reviews submitted versions
    assert api("clerk_b").get(url).status_code == 404
    assert api("viewer").get(url).status_code == 404  # not approved
    assert api("anonymous").get(url).status_code == 404


def test_filters_by_year_institution_and_country(api, api_world):
    client = api("clerk_a")
    assert ids(client.get(f"{URL}?year=2023")) == {r.pk for r in api_world.counted}
    assert ids(client.get(f"{URL}?year=2024")) == {api_world.submitted_row.pk}
    assert ids(client.get(f"{URL}?country=fr")) == {api_world.counted[0].pk, api_world.submitted_row.pk}
    assert ids(client.get(f"{URL}?institution=hei-b")) == set()
    assert client.get(f"{URL}?year=twenty").status_code == 400


def test_pages_carry_count_and_links(api, api_world, settings, own_cache):  # noqa: F811 — nothing kept at another page size
    from rest_framework.pagination import PageNumberPagination

    PageNumberPagination.page_size, before = 1, PageNumberPagination.page_size
    try:
        first = api("anonymous").get(URL).json()
        second = api("anonymous").get(first["next"]).json()
    finally:
        PageNumberPagination.page_size = before
    assert first["count"] == 2 and len(first["results"]) == 1 and first["previous"] is None
    assert second["next"] is None and {first["results"][0]["id"], second["results"][0]["id"]} == {
        r.pk for r in api_world.counted}


def test_every_section_has_its_endpoint(api):
    from intlmon.collection.sections import SECTIONS

    for section in SECTIONS:
        assert api("anonymous").get(f"/api/v1/records/{section.key}/").status_code == 200, section.key
