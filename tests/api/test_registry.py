"""Registry endpoints: public, read-only, names in three languages, aliases and categories."""

from __future__ import annotations

import pytest

from intlmon.registry.models import InstitutionAlias


@pytest.mark.parametrize("persona", ["anonymous", "clerk_b", "viewer"])
def test_institutions_are_public_with_names_in_three_languages(api, api_world, persona):
    InstitutionAlias.objects.create(raw="АУ", institution=api_world.hei_a)
    body = api(persona).get("/api/v1/institutions/").json()
    assert body["count"] == 2
    alpha = next(i for i in body["results"] if i["id"] == "hei-a")
    assert alpha["names"] == {"kk": "Альфа университеті", "ru": "Университет Альфа", "en": "Alpha University"}
    assert alpha["aliases"] == ["АУ"]
    assert (alpha["category"], alpha["categories"]) == ("national", [{"year": 2023, "category": "national"}])
    assert set(alpha) >= {"ror_id", "city", "acronyms"}


def test_institution_search_finds_any_language_and_detail_404s_unknown(api):
    client = api("anonymous")
    assert [i["id"] for i in client.get("/api/v1/institutions/?q=бета").json()["results"]] == ["hei-b"]
    assert client.get("/api/v1/institutions/hei-b/").json()["names"]["en"] == "Beta University"
    assert client.get("/api/v1/institutions/no-such/").status_code == 404


def test_countries_and_organisations_are_listed_and_filtered(api):
    from intlmon.registry.models import ForeignOrganisation

    ForeignOrganisation.objects.create(id="u-lorraine", name_en="University of Lorraine", country_id="FR")
    ForeignOrganisation.objects.create(id="msu", name_en="Moscow State University", country_id="RU")
    client = api("anonymous")
    fr = client.get("/api/v1/countries/FR/").json()
    assert (fr["code"], fr["alpha3"], fr["names"]["en"]) == ("FR", "FRA", "France")
    assert [o["id"] for o in client.get("/api/v1/organisations/?country=fr").json()["results"]] == ["u-lorraine"]


def test_the_registry_refuses_writes(api):
    assert api("admin").post("/api/v1/institutions/", {"id": "x"}, format="json").status_code == 405
