"""The name-review queue (web:analyst-names, web:analyst-name-decide): names the registry could not
resolve, the most used first, each candidate with its name and score; confirming, rejecting and
registering a new partner go through registry.resolve / registry.partners and are in the audit log
under the analyst's name; a refusal is the library's message and changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from intlmon.collection.models import AuditEntry
from intlmon.registry.models import ForeignOrganisation, OrganisationAlias, ReviewItem
from intlmon.registry.resolve import resolve_organisation
from tests.web.clerk_helpers import page


@pytest.fixture
def queue(world, db):
    from intlmon.registry import resolve as resolver

    lorraine = ForeignOrganisation.objects.create(id="test-lorraine", name_en="University of Lorraine",
                                                  name_ru="Университет Лотарингии")
    metz = ForeignOrganisation.objects.create(id="test-metz", name_en="University of Metz")
    rare = ReviewItem.objects.create(kind="organisation", raw="Lotharingian Uni", key="lotharingian uni",
                                     records=2, candidates=[{"id": "test-lorraine", "score": 0.71, "reason": "fuzzy"}])
    common = ReviewItem.objects.create(kind="organisation", raw="Univ. de Lorraine", key="univ. de lorraine",
                                       records=7, candidates=[{"id": "test-lorraine", "score": 0.93, "reason": "token"},
                                                              {"id": "test-metz", "score": 0.41, "reason": "fuzzy"}])
    yield {"common": common, "rare": rare, "lorraine": lorraine, "metz": metz}
    resolver.invalidate()  # the test's aliases are rolled back; so must the cached index be


def send(client, item, **data):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(reverse("web:analyst-name-decide", kwargs={"item": item.pk}), data, follow=True)


def test_the_queue_shows_the_most_used_name_first_with_named_candidates_and_scores(as_persona, queue):
    client = as_persona("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    text = page(client.get(reverse("web:analyst-names")))
    assert text.index("Univ. de Lorraine") < text.index("Lotharingian Uni")  # 7 records before 2
    assert "Университет Лотарингии" in text and "University of Metz" in text
    assert "0,93" in text and "используется в 7 записях" in text


def test_confirming_a_candidate_makes_the_name_resolve_and_is_audited(as_persona, queue):
    item = queue["common"]
    text = page(send(as_persona("analyst"), item, decision="confirm", target="test-lorraine"))
    assert "“Univ. de Lorraine” is now read as test-lorraine." in text
    item.refresh_from_db()
    assert item.status == "confirmed" and item.resolved_by == "analyst"
    assert OrganisationAlias.objects.filter(raw="Univ. de Lorraine", organisation_id="test-lorraine").exists()
    assert resolve_organisation("Univ. de Lorraine").id == "test-lorraine"
    entry = AuditEntry.objects.get(action="review_confirm")
    assert entry.actor == "analyst" and entry.detail["target"] == "test-lorraine"
    assert "Univ. de Lorraine" not in page(as_persona("analyst").get(reverse("web:analyst-names")))


def test_rejecting_a_candidate_stops_offering_it(as_persona, queue):
    item = queue["common"]
    send(as_persona("analyst"), item, decision="reject", target="test-metz")
    item.refresh_from_db()
    assert item.status == "open" and item.rejected_ids == ["test-metz"]
    assert [c["id"] for c in item.candidates] == ["test-lorraine"]
    assert AuditEntry.objects.filter(action="review_reject", actor="analyst").count() == 1


def test_registering_a_new_partner_and_a_refused_registration(as_persona, queue):
    client = as_persona("analyst")
    refused = page(send(client, queue["rare"], decision="create", organisation_id="test-metz", name_en="Metz"))
    assert "a partner with the id &#x27;test-metz&#x27; already exists" in refused
    assert not AuditEntry.objects.filter(action="review_register").exists()  # nothing done, nothing logged

    page(send(client, queue["rare"], decision="create", organisation_id="test-lotharingia",
              name_en="Lotharingian University"))
    assert ForeignOrganisation.objects.get(pk="test-lotharingia").name_en == "Lotharingian University"
    queue["rare"].refresh_from_db()
    assert queue["rare"].status == "confirmed" and queue["rare"].resolved_id == "test-lotharingia"
    assert AuditEntry.objects.get(action="review_register").detail["target"] == "test-lotharingia"


def test_a_closed_item_is_not_found_and_the_viewer_may_not_decide(as_persona, queue):
    analyst = as_persona("analyst")
    send(analyst, queue["common"], decision="confirm", target="test-lorraine")
    closed = analyst.post(reverse("web:analyst-name-decide", kwargs={"item": queue["common"].pk}),
                          {"decision": "reject", "target": "test-lorraine"})
    assert closed.status_code == 404
    viewer = as_persona("viewer")
    assert viewer.post(reverse("web:analyst-name-decide", kwargs={"item": queue["rare"].pk}),
                       {"decision": "confirm", "target": "test-lorraine"}).status_code == 403
    queue["rare"].refresh_from_db()
    assert queue["rare"].status == "open"
