"""Checks of data/reference/report_2023_earlier_years.csv.

The file holds the figures of 2020-2022 that the 2023 national monitoring report quotes
(seed 001_9c33b7804b188c2b.txt), one row per statement. These tests need no database.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
CSV_PATH = PROJECT_DIR / "data" / "reference" / "report_2023_earlier_years.csv"
SHARED_DIR = PROJECT_DIR.parent / "shared"
SEED_PATH = SHARED_DIR / "seeds" / "001_9c33b7804b188c2b.txt"
INSTITUTIONS_PATH = PROJECT_DIR / "data" / "registry" / "kz_institutions.csv"

HEADER = ["statistic", "dimension", "year", "value_raw", "value", "source_line", "source_text", "note"]

VOCABULARY = {
    "agreements",
    "partner_countries",
    "foreign_branches_in_kz",
    "kz_branches_abroad",
    "projects",
    "projects_research",
    "projects_educational",
    "publications",
    "publications_scopus",
    "publications_wos",
    "joint_programmes",
    "joint_programmes_enrolment",
    "double_degree_programmes",
    "double_degree_programmes_enrolment",
    "institutions_with_joint_programmes",
    "institutions_with_double_degree_programmes",
    "institutions_with_projects",
}
# Added for this file (documented in docs/data-earlier-years.md).
ADDED_STATISTICS = {
    "institutions_hosting_foreign_branches",
    "institutions_with_branches_abroad",
    "kz_branches_abroad_countries",
    "double_degree_partner_countries",
}

LEVELS = {"bachelor", "master", "doctorate"}
CATEGORIES = {"national", "state", "joint_stock", "private", "international"}
FIELDS = {f"{i:02d}" for i in range(1, 13)}
REGIONS = {"cis", "asia", "europe", "africa", "americas", "oceania"}

# Кесте 4 (lines 419-429) is already in data/reference/2023/publications_by_field.csv.
PER_FIELD_TABLE_LINES = range(419, 430)


def _rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _seed_lines() -> list[str]:
    if not SEED_PATH.is_file():
        pytest.skip(f"seed not available: {SEED_PATH} (../shared is absent from this checkout)")
    return SEED_PATH.read_text(encoding="utf-8").split("\n")


def _parse_number(raw: str) -> Decimal:
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return Decimal(cleaned)


def test_it_has_the_expected_header():
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == HEADER
    assert _rows(), "the file has no data rows"


def test_it_uses_statistic_ids_from_the_vocabulary():
    unknown = {r["statistic"] for r in _rows()} - VOCABULARY - ADDED_STATISTICS
    assert not unknown, f"statistic ids outside the vocabulary: {sorted(unknown)}"


def test_it_stores_dimensions_as_compact_json_objects():
    institution_ids: set[str] | None = None
    if INSTITUTIONS_PATH.is_file():
        with INSTITUTIONS_PATH.open(encoding="utf-8", newline="") as fh:
            institution_ids = {r["id"] for r in csv.DictReader(fh)}
    for r in _rows():
        dim = json.loads(r["dimension"])
        assert isinstance(dim, dict), r
        assert r["dimension"] == json.dumps(dim, ensure_ascii=False, separators=(",", ":"), sort_keys=True), r
        for key, val in dim.items():
            if key == "level":
                assert val in LEVELS, r
            elif key == "category":
                assert val in CATEGORIES, r
            elif key == "field":
                assert val in FIELDS, r
            elif key == "region":
                assert val in REGIONS, r
            elif key == "country":
                assert re.fullmatch(r"[A-Z]{2}", val), r
            elif key == "institution":
                if institution_ids is not None:
                    assert val in institution_ids, r
            else:
                pytest.fail(f"unknown dimension key {key!r} in {r}")


def test_it_holds_only_years_2020_to_2022():
    for r in _rows():
        assert r["year"].isdigit() and 2020 <= int(r["year"]) <= 2022, r


def test_it_keeps_value_raw_inside_source_text():
    for r in _rows():
        assert r["value_raw"], r
        # the printed value must stand on its own, not be a piece of a longer number ("2" in "2022")
        pattern = r"(?<!\d)" + re.escape(r["value_raw"]) + r"(?![\d])"
        assert re.search(pattern, r["source_text"]), r


def test_it_parses_value_from_value_raw():
    for r in _rows():
        assert re.fullmatch(r"-?\d+(\.\d+)?", r["value"]), r
        try:
            parsed = _parse_number(r["value_raw"])
        except InvalidOperation:
            pytest.fail(f"value_raw is not a number: {r}")
        assert Decimal(r["value"]) == parsed, r


def test_it_traces_every_source_text_to_its_seed_line():
    lines = _seed_lines()
    for r in _rows():
        n = int(r["source_line"])
        assert 1 <= n <= len(lines), r
        assert r["source_text"], r
        assert len(r["source_text"]) <= 200, r
        assert r["source_text"] in lines[n - 1], f"source_text not on seed line {n}: {r['source_text']!r}"


def test_it_mentions_the_year_or_explains_why_not():
    """A row whose seed line does not print its year must say so in the note."""
    lines = _seed_lines()
    for r in _rows():
        if r["year"] not in lines[int(r["source_line"]) - 1]:
            assert "year" in r["note"], r


def test_it_marks_conflicting_figures_in_the_note():
    values: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in _rows():
        values[(r["statistic"], r["dimension"], r["year"])].add(r["value"])
    for r in _rows():
        if len(values[(r["statistic"], r["dimension"], r["year"])]) > 1:
            assert "CONFLICT" in r["note"], r


def test_it_does_not_duplicate_the_per_field_publications_table():
    for r in _rows():
        assert int(r["source_line"]) not in PER_FIELD_TABLE_LINES, r
        if r["statistic"] in {"publications_scopus", "publications_wos"}:
            assert "field" not in json.loads(r["dimension"]), r
