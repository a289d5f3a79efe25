"""The name-review queue as the portal's page reads it (registry/review_items.py): by impact, candidates named."""

from __future__ import annotations

import pytest

from intlmon.registry.models import Country, ForeignOrganisation, Institution, ReviewItem
from intlmon.registry.resolve import confirm
from intlmon.registry.review_items import queue_page


@pytest.fixture
def queue(db):
    Country.objects.create(code="FR", alpha3="FRA", name_en="France", name_ru="Франция", name_kk="Франция")
    ForeignOrganisation.objects.create(id="univ-lorraine", name_en="University of Lorraine",
                                       name_ru="Университет Лотарингии", country_id="FR")
    ForeignOrganisation.objects.create(id="univ-lyon", name_en="University of Lyon", country_id="FR")
    Institution.objects.create(id="kaznu", name_en="Al-Farabi Kazakh National University",
                               name_ru="КазНУ им. аль-Фараби", name_kk="Әл-Фараби атындағы ҚазҰУ")

    def item(kind, raw, records, candidates, status=ReviewItem.Status.OPEN):
        return ReviewItem.objects.create(kind=kind, raw=raw, key=raw.casefold(), records=records, status=status,
                                         candidates=candidates)

    return {
        "lorraine": item("organisation", "Унив. Лотарингии", 7, [
            {"id": "univ-lorraine", "score": 0.91, "reason": "fuzzy"},
            {"id": "univ-lyon", "score": 0.55, "reason": "fuzzy"},
            {"id": "gone", "score": 0.5, "reason": "fuzzy"}]),
        "kaznu": item("institution", "КазНУ им Фараби", 12, [{"id": "kaznu", "score": 0.88, "reason": "acronym"}]),
        "rare": item("organisation", "Some Institute", 1, []),
        "closed": item("organisation", "Done", 99, [], status=ReviewItem.Status.CONFIRMED),
    }


def test_the_most_used_names_come_first_and_closed_ones_not_at_all(queue):
    page = queue_page(lang="en")
    assert [e.item.raw for e in page.entries] == ["КазНУ им Фараби", "Унив. Лотарингии", "Some Institute"]
    assert page.total == 3


def test_candidates_carry_their_name_country_and_score_best_first(queue):
    [entry] = queue_page("organisation", lang="ru", limit=1).entries
    assert [(c.id, c.name, c.country, c.score, c.known) for c in entry.candidates] == [
        ("univ-lorraine", "Университет Лотарингии", "FR", 0.91, True),
        ("univ-lyon", "University of Lyon", "FR", 0.55, True),  # no Russian name: the English one
        ("gone", "gone", "", 0.5, False),  # no longer in the registry: said so, not hidden
    ]
    [kaznu] = queue_page("institution", lang="kk").entries
    assert kaznu.candidates[0].name == "Әл-Фараби атындағы ҚазҰУ"


def test_pages_and_a_confirmed_item_leaving_the_queue(queue):
    second = queue_page(lang="en", limit=1, offset=1)
    assert second.total == 3 and [e.item.raw for e in second.entries] == ["Унив. Лотарингии"]
    confirm(queue["kaznu"], "kaznu", user="dana")
    page = queue_page(lang="en")
    assert page.total == 2 and page.entries[0].item.raw == "Унив. Лотарингии"
    assert page.as_dict()["entries"][0]["candidates"][0]["name"] == "University of Lorraine"


def test_an_unknown_kind_is_refused(queue):
    with pytest.raises(ValueError, match="unknown kind"):
        queue_page("partner")
