"""From a logged-in user to the workflow's Actor, and the users the matrix's personas do not cover."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from intlmon.collection.workflow import Role, TransitionError, transition
from intlmon.web.access import actor_for
from intlmon.web.models import Profile
from tests.web.conftest import MODEL_BACKEND


def test_a_clerk_acts_for_their_hei_and_the_workflow_refuses_the_other(world, db):
    actor = actor_for(world.users["clerk_b"])
    assert (actor.name, actor.role, actor.institution_id) == ("clerk_b", Role.CLERK, "hei-b")
    with pytest.raises(TransitionError):  # NotAllowed: HEI A's version is not theirs
        transition(world.submission_a, "submit", actor)


def test_the_analyst_is_an_actor_of_the_centre(world, db):
    actor = actor_for(world.users["analyst"])
    assert (actor.role, actor.institution_id) == (Role.ANALYST, None)
    assert transition(world.submission_a, "approve", actor).status == "approved"


def test_a_user_without_a_portal_role_opens_no_page(client, db, world):
    user = get_user_model().objects.create_user("nobody", password="x-unused-password-1")
    client.force_login(user, backend=MODEL_BACKEND)
    for name, kwargs in [("web:home", {}), ("web:clerk-home", {}), ("web:centre-home", {}),
                         ("web:submission", {"pk": world.submission_a.pk})]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_a_superuser_without_a_profile_is_an_admin(client, db, world):
    user = get_user_model().objects.create_superuser("root", password="x-unused-password-1")
    assert actor_for(user).role is Role.ADMIN
    client.force_login(user, backend=MODEL_BACKEND)
    assert client.get(reverse("web:centre-home")).status_code == 200


def test_an_inactive_user_has_no_role(world, db):
    user = world.users["analyst"]
    user.is_active = False
    from intlmon.web.access import role_of

    assert role_of(user) is None


@pytest.mark.parametrize(("role", "with_hei"), [("clerk", False), ("analyst", True), ("viewer", True)])
def test_the_database_refuses_a_clerk_without_an_hei_and_anyone_else_with_one(world, db, role, with_hei):
    user = get_user_model().objects.create_user(f"bad-{role}", password="x-unused-password-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(user=user, role=role, institution=world.hei_a if with_hei else None)
