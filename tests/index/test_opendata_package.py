"""The 2023 open-data package holds the `index` resource and still validates (frictionless)."""

from __future__ import annotations

import csv
import json

import pytest

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def package(django_db_setup, django_db_blocker, reference_2023, tmp_path_factory):
    from intlmon.opendata.package import export, validate

    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        path = export(2023, tmp_path_factory.mktemp("opendata"))
        yield path, validate(path)


def test_the_package_with_the_index_validates(package):
    path, report = package
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:10]
    resource = next(r for r in json.loads(path.read_text(encoding="utf-8"))["resources"] if r["name"] == "index")
    assert "framework 2026.1" in resource["description"]
    with (path.parent / "data" / "index.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ranked = [r for r in rows if r["rank"] != "a"]
    screened = [r for r in rows if r["rank"] == "a"]
    assert ranked and screened
    assert all(r["rank_q5"] not in ("", "a") and r["rank_q95"] not in ("", "a") for r in ranked)
    assert all("below the threshold of 50 %" in r["screened_out_reason"] for r in screened)
    assert ranked[0]["rank"] == "1"
