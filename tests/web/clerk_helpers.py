"""What the clerk-page tests share: HEI A's workbook (double-degree programmes) and stored versions of it.

The personas and HEIs are p1's (`tests/web/conftest.py`: clerk_a of HEI A, clerk_b of HEI B, period
2024); the registry is loaded once per module (`registry`) so partners and countries resolve.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intlmon.collection.workflow import Actor, Role

DDP = "double_degree_programmes"
CLERK_A = Actor("clerk_a", Role.CLERK, "hei-a")


def ddp(**over) -> dict:
    row = {
        "level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии", "country": "Франция",
        "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"], "funding": "student", "enrolment": 12,
    }
    row.update(over)
    return row


def workbook(path: Path, *rows: dict, lang: str = "ru", year: int = 2024) -> Path:
    from intlmon.collection.template import write_template

    return write_template(path, year, lang=lang, institution="hei-a", rows={DDP: list(rows) or [ddp()]})


def stored_version(tmp_path: Path, *rows: dict, name: str = "v.xlsx", year: int = 2024):
    """A version of HEI A stored through the one ingest path, as clerk_a."""
    from intlmon.collection.ingest import ingest_file

    result = ingest_file(workbook(tmp_path / name, *rows, year=year), year, "hei-a", actor=CLERK_A, accept_warnings=True)
    assert result.stored is not None, [p.as_dict("en") for p in result.problems]
    return result.stored.submission


@pytest.fixture(scope="module")
def clerk_world(registry, world):
    """p1's personas and HEIs with the registry loaded (both rolled back after the module)."""
    return world


@pytest.fixture
def uploads_dir(settings, tmp_path):
    """Uploads kept for the clerk go to the test's own directory, never the project's var/."""
    settings.PORTAL_UPLOAD_DIR = tmp_path / "uploads"
    return settings.PORTAL_UPLOAD_DIR


def page(response) -> str:
    return response.content.decode()
