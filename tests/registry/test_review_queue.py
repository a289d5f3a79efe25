"""The review queue: one item per text, ordered by impact; confirmations become aliases; rejections stick."""

from __future__ import annotations

from intlmon.lib.resolution import Decision
from intlmon.registry.models import AliasOrigin, InstitutionAlias, OrganisationAlias, ReviewItem
from intlmon.registry.resolve import (
    confirm,
    queue,
    reject,
    resolve_institution,
    resolve_organisation,
    review_queue,
)

KIND = ReviewItem.Kind.INSTITUTION




def test_it_holds_each_text_once_with_the_number_of_records(reg):
    text = "Карагандинский университет"
    assert resolve_institution(text).decision is Decision.REVIEW
    queue(KIND, text, records=3)
    queue(KIND, text)
    queue(KIND, "карагандинский   университет")  # same text, other case and spacing
    items = ReviewItem.objects.filter(kind=KIND)
    assert items.count() == 1
    item = items.get()
    assert item.records == 5
    assert item.candidate_ids and item.candidates[0]["reason"]


def test_it_does_not_queue_auto_accepted_text(reg):
    assert queue(KIND, "КазНУ им. аль-Фараби") is None
    assert not ReviewItem.objects.exists()


def test_it_orders_the_queue_by_impact(reg):
    queue(KIND, "Кокшетауский университет", records=2)
    queue(KIND, "Карагандинский университет", records=40)
    queue(KIND, "Западно-Казахстанский университет", records=7)
    assert [i.raw for i in review_queue(KIND)] == [
        "Карагандинский университет",
        "Западно-Казахстанский университет",
        "Кокшетауский университет",
    ]


def test_confirming_a_candidate_stores_an_alias_and_the_text_resolves_auto(reg):
    text = "Карагандинский университет"
    item = queue(KIND, text, records=4)
    assert "buketov" in item.candidate_ids
    confirm(item, "buketov", user="analyst")
    alias = InstitutionAlias.objects.get(raw=text)
    assert alias.institution_id == "buketov" and alias.origin == AliasOrigin.CONFIRMED
    res = resolve_institution(text)
    assert res.decision is Decision.AUTO and res.id == "buketov"
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.CONFIRMED and item.resolved_by == "analyst"
    assert item not in review_queue(KIND)


def test_confirming_a_probable_alias_makes_it_certain(reg):
    text = "КарГУ им.Абылкаса Сагинова"
    assert resolve_institution(text).decision is Decision.REVIEW
    item = queue(KIND, text)
    confirm(item, "kartu")
    assert resolve_institution(text).decision is Decision.AUTO


def test_rejecting_a_candidate_is_remembered(reg):
    text = "Кокшетауский университет"
    item = queue(KIND, text)
    first = item.candidate_ids[0]
    reject(item, first, user="analyst")
    res = resolve_institution(text)
    assert first not in {c.id for c in res.candidates}
    item.refresh_from_db()
    assert item.rejected_ids == [first] and first not in item.candidate_ids
    # the next upload with the same text does not bring the rejected candidate back
    queue(KIND, text)
    item.refresh_from_db()
    assert first not in item.candidate_ids and item.records == 2


def test_rejecting_every_candidate_closes_the_item(reg):
    item = queue(KIND, "Кокшетауский университет")
    for cid in list(item.candidate_ids):
        reject(item, cid)
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.REJECTED
    assert item not in review_queue(KIND)


def test_it_queues_organisations_with_their_country_cell(reg):
    kind = ReviewItem.Kind.ORGANISATION
    text = "Университет прикладных наук"
    res = resolve_organisation(text, "Германия")
    assert res.decision is Decision.REVIEW and "hof" in {c.id for c in res.candidates}
    item = queue(kind, text, records=2, context="Германия")
    assert item.context == "Германия" and item.records == 2
    confirm(item, "hof")
    assert OrganisationAlias.objects.get(raw=text, organisation_id="hof").country_raw == "Германия"
    assert resolve_organisation(text, "Германия").id == "hof"


def test_the_admin_actions_confirm_and_reject(reg, admin_client):
    a = queue(KIND, "Карагандинский университет", records=3)
    b = queue(KIND, "Кокшетауский университет", records=1)
    url = "/admin/registry/reviewitem/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(f"{url}{a.pk}/change/").status_code == 200
    admin_client.post(url, {"action": "reject_first", "_selected_action": [b.pk]})
    b.refresh_from_db()
    assert len(b.rejected_ids) == 1
    first = a.candidate_ids[0]
    admin_client.post(url, {"action": "confirm_first", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.status == ReviewItem.Status.CONFIRMED and a.resolved_id == first
    assert resolve_institution("Карагандинский университет").id == first


def test_the_admin_pages_of_the_registry_open(reg, admin_client):
    for model in ("institution", "institutionalias", "foreignorganisation", "organisationalias", "country",
                  "countryalias", "region", "countryregion", "fieldofeducation"):
        assert admin_client.get(f"/admin/registry/{model}/").status_code == 200, model
    assert admin_client.get("/admin/registry/institution/kaznu/change/").status_code == 200
