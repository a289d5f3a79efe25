"""Shared fixtures. Tests may read ../shared (the reference material); the product never does."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_DIR.parent / "shared"
REFERENCE_2023 = PROJECT_DIR / "data" / "reference" / "2023"


@pytest.fixture(scope="session")
def reference_2023() -> Path:
    return REFERENCE_2023


@pytest.fixture
def cli(monkeypatch):
    """`intlmon …` in-process. Django closes every connection after a command run from argv, which
    would kill the test transaction on PostgreSQL, so the close is suppressed for the test's span."""
    from django.db import connections

    from intlmon.cli import main

    monkeypatch.setattr(connections, "close_all", lambda: None)
    return main
