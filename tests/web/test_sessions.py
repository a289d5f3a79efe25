"""Sessions are read from a file cache shared by every server process (settings: `cached_db`), so a logout or
a password change ends the session for every process at once, and a session the cache lost is read again
from the database."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.web.conftest import MODEL_BACKEND


def copy_of(client: Client) -> Client:
    """Another browser tab, or another gunicorn worker, holding the same session cookie."""
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return other


def test_a_logout_ends_the_session_everywhere(world, db):
    tab = Client()
    tab.force_login(world.users["clerk_a"], backend=MODEL_BACKEND)
    other = copy_of(tab)
    assert other.get(reverse("web:clerk-home")).status_code == 200
    tab.post(reverse("web:logout"))
    answer = other.get(reverse("web:clerk-home"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("web:login"))


def test_a_session_the_cache_lost_is_read_from_the_database(world, db):
    tab = Client()
    tab.force_login(world.users["analyst"], backend=MODEL_BACKEND)
    caches[settings.SESSION_CACHE_ALIAS].clear()
    assert tab.get(reverse("web:centre-home")).status_code == 200


def test_a_password_change_ends_the_other_sessions(world, db):
    tab = Client()
    tab.force_login(world.users["viewer"], backend=MODEL_BACKEND)
    assert tab.get(reverse("web:centre-home")).status_code == 200
    user = type(world.users["viewer"]).objects.get(pk=world.users["viewer"].pk)  # not the module's shared object
    user.set_password("another long password 42")
    user.save()
    assert tab.get(reverse("web:centre-home")).status_code == 302
