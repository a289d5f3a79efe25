"""`intlmon review list|confirm|reject|new`: working the name-review queue from the command line.

Each decision is asserted by what the next upload would see: the resolver's answer for the text.
"""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from intlmon.lib.names import casefold_raw
from intlmon.lib.resolution import Decision
from intlmon.registry.models import ForeignOrganisation, ReviewItem
from intlmon.registry.resolve import resolve_organisation

pytestmark = pytest.mark.django_db

NEW_NAME = "Université de Nulle-Part-sur-Mer"


@pytest.fixture(autouse=True)
def english(reg):
    with translation.override("en"):
        yield


@pytest.fixture
def french():
    """Two French partners of the registry, offered as candidates for one queued name."""
    return list(ForeignOrganisation.objects.filter(country_id="FR").order_by("pk")[:2])


def queued(raw: str, candidates=(), context: str = "Франция", records: int = 3) -> ReviewItem:
    return ReviewItem.objects.create(
        kind=ReviewItem.Kind.ORGANISATION, raw=raw, key=casefold_raw(raw), context=context, records=records,
        candidates=[{"id": c.pk, "score": 0.8, "reason": "test"} for c in candidates])


def test_it_lists_the_open_queue_most_used_first(cli, capsys, french):
    rare = queued("Rare Partner Institute", french, records=1)
    common = queued(NEW_NAME, french, records=9)
    assert cli(["review", "list", "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in items] == [common.pk, rare.pk]
    assert items[0]["candidates"][0]["id"] == french[0].pk and items[0]["context"] == "Франция"
    assert cli(["review", "list"]) == 0
    out = capsys.readouterr().out
    assert NEW_NAME in out and f"→ {french[0].pk}" in out


def test_an_empty_queue_says_so(cli, capsys):
    assert cli(["review", "list"]) == 0
    assert "The review queue is empty." in capsys.readouterr().out


def test_a_confirmed_name_resolves_at_once_and_the_item_closes(cli, capsys, french):
    item = queued(NEW_NAME, french)
    assert resolve_organisation(NEW_NAME, "Франция").decision is not Decision.AUTO
    assert cli(["review", "confirm", str(item.pk), french[1].pk, "--actor", "R. Reviewer"]) == 0
    resolution = resolve_organisation(NEW_NAME, "Франция")
    assert (resolution.decision, resolution.id) == (Decision.AUTO, french[1].pk)
    item.refresh_from_db()
    assert (item.status, item.resolved_by) == (ReviewItem.Status.CONFIRMED, "R. Reviewer")
    capsys.readouterr()
    assert cli(["review", "confirm", str(item.pk), french[0].pk, "--actor", "R. Reviewer"]) == 1
    assert "already closed" in capsys.readouterr().err


def test_it_refuses_an_unknown_item_or_target_and_changes_nothing(cli, capsys, french):
    item = queued(NEW_NAME, french)
    assert cli(["review", "confirm", "999999", french[0].pk, "--actor", "R"]) == 1
    assert "no review item 999999" in capsys.readouterr().err
    assert cli(["review", "confirm", str(item.pk), "no-such-partner", "--actor", "R"]) == 1
    assert "'no-such-partner' is not a foreign organisation in the registry" in capsys.readouterr().err
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN
    assert cli(["review", "confirm", str(item.pk), french[0].pk]) == 2  # --actor is required


def test_a_rejected_candidate_is_not_offered_again_and_the_last_one_closes_the_item(cli, capsys, french):
    item = queued(NEW_NAME, french)
    assert cli(["review", "reject", str(item.pk), french[0].pk, "--actor", "R"]) == 0
    item.refresh_from_db()
    assert item.candidate_ids == [french[1].pk] and item.status == ReviewItem.Status.OPEN
    assert cli(["review", "reject", str(item.pk), french[1].pk, "--actor", "R"]) == 0
    assert "no candidate is left" in capsys.readouterr().out
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.REJECTED


def test_new_registers_the_partner_from_the_queued_name(cli, capsys):
    item = queued(NEW_NAME)
    assert cli(["review", "new", str(item.pk), "--actor", "R. Reviewer", "--name-en", "University of Nowhere-on-Sea"]) == 0
    partner = ForeignOrganisation.objects.get(pk="university-of-nowhere-on-sea")
    assert (partner.country_id, partner.name_en) == ("FR", "University of Nowhere-on-Sea")  # country from the cell
    resolution = resolve_organisation(NEW_NAME, "Франция")
    assert (resolution.decision, resolution.id) == (Decision.AUTO, partner.pk)
    assert "registered university-of-nowhere-on-sea" in capsys.readouterr().out


def test_new_refuses_a_taken_id_a_bad_country_or_a_kazakh_hei_name(cli, capsys, french):
    item = queued(NEW_NAME)
    assert cli(["review", "new", str(item.pk), "--actor", "R", "--id", french[0].pk]) == 1
    assert "already exists" in capsys.readouterr().err
    assert cli(["review", "new", str(item.pk), "--actor", "R", "--country", "XX"]) == 1
    assert "unknown country code 'XX'" in capsys.readouterr().err
    hei = ReviewItem.objects.create(kind=ReviewItem.Kind.INSTITUTION, raw="Некий университет", key="некий университет")
    assert cli(["review", "new", str(hei.pk), "--actor", "R"]) == 1
    assert "only foreign partners" in capsys.readouterr().err
    assert ForeignOrganisation.objects.filter(notes__contains="registered from review item").count() == 0
