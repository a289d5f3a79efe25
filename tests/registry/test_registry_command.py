"""`intlmon registry search|show`: a newcomer finds an id by any name, in any script, and sees an entry
whole (names in every language, acronyms, aliases, category, country and region)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(reg):
    with translation.override("en"):
        yield


def search(cli, capsys, *args) -> list[dict]:
    assert cli(["registry", "search", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("text", ["КазНУ", "kaznu", "ҚазҰУ", "аль-Фараби", "Al-Farabi Kazakh"])
def test_it_finds_an_hei_by_any_of_its_names_first(cli, capsys, text):
    hits = search(cli, capsys, text, "--kind", "institution")
    assert hits[0]["id"] == "kaznu"


def test_it_finds_partners_and_countries_and_says_what_matched(cli, capsys):
    [france] = [h for h in search(cli, capsys, "Франция", "--kind", "country") if h["id"] == "FR"]
    assert france["matched"] == "Франция"
    hits = search(cli, capsys, "Sorbonne")
    assert hits and all(h["kind"] == "organisation" for h in hits)
    assert all("sorbonne" in h["matched"].casefold() for h in hits)


def test_it_prints_one_line_per_hit_and_refuses_when_nothing_matches(cli, capsys):
    assert cli(["registry", "search", "КазНУ", "--limit", "1"]) == 0
    [line] = capsys.readouterr().out.strip().splitlines()
    assert line.split()[:2] == ["institution", "kaznu"]
    assert cli(["registry", "search", "Хогвартс"]) == 1
    assert "nothing in the registry matches 'Хогвартс'" in capsys.readouterr().err


def test_it_shows_an_hei_whole(cli, capsys):
    assert cli(["registry", "show", "kaznu", "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["names"]["kk"] == "Әл-Фараби атындағы Қазақ ұлттық университеті"
    assert entry["names"]["ru"] == "Казахский национальный университет имени аль-Фараби"
    assert entry["names"]["en"] == "Al-Farabi Kazakh National University"
    assert "КазНУ" in entry["acronyms"] and entry["category"]["2023"] == "national"
    assert any(a["raw"] == "КазНУ им. аль-Фараби" for a in entry["aliases"])
    assert cli(["registry", "show", "kaznu"]) == 0
    text = capsys.readouterr().out
    assert "name [kk]: Әл-Фараби атындағы Қазақ ұлттық университеті" in text and "category: 2023: national" in text


def test_it_shows_a_partner_with_its_country_and_region_and_a_country_with_its_region(cli, capsys):
    from intlmon.registry.models import ForeignOrganisation

    partner = ForeignOrganisation.objects.filter(country_id="FR").order_by("pk").first()
    assert cli(["registry", "show", partner.pk, "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["kind"] == "organisation" and entry["country"].startswith("FR ")
    assert entry["region"].startswith("europe")
    assert cli(["registry", "show", "fr", "--kind", "country", "--format", "json"]) == 0
    [country] = json.loads(capsys.readouterr().out)
    assert country["names"]["en"] == "France" and country["region"].startswith("europe")


def test_it_refuses_an_id_that_is_not_in_the_registry(cli, capsys):
    assert cli(["registry", "show", "kaznu-typo"]) == 1
    assert "'kaznu-typo' is not a registry id" in capsys.readouterr().err
    assert cli(["registry", "frobnicate"]) == 2  # usage error
