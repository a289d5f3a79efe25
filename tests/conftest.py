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
