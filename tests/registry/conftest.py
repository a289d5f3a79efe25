"""A registry loaded once per module (inside a transaction rolled back at the end) for resolver tests."""

from __future__ import annotations

import pytest
from django.db import transaction

from intlmon.registry import resolve as resolver
from intlmon.registry.loading import load_registry


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_registry()
            resolver.invalidate()
            yield
            transaction.set_rollback(True)
    resolver.invalidate()


@pytest.fixture
def reg(registry, db):
    yield
    resolver.invalidate()  # the test's changes are rolled back; so must the cached index be
