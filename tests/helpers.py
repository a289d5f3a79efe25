"""Test helpers shared across modules (fixtures live in conftest.py; these are plain context managers)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from django.db import transaction


@contextmanager
def loaded_registry():
    """The registry loaded inside a transaction that is rolled back on exit (for module fixtures)."""
    from intlmon.registry import resolve as resolver
    from intlmon.registry.loading import load_registry

    with transaction.atomic():
        load_registry()
        resolver.invalidate()
        yield
        transaction.set_rollback(True)
    resolver.invalidate()


@contextmanager
def loaded_reference(directory: Path, *, france: bool = True):
    """The registry plus the 2023 tables (and the France note's as 2022), rolled back on exit."""
    from intlmon.collection.legacy import import_tables

    with loaded_registry():
        import_tables(directory, 2023)
        if france:
            import_tables(directory / "france", 2022)
        yield
