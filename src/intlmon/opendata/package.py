"""The Data Package: `datapackage.json` (Data Package v2) beside one CSV per resource, and its validation.

`export(year, directory)` reads everything through the registry, `analytics.scope` (counted records)
and the read service (statistics), writes the CSV files under `data/` and the descriptor, and returns the
descriptor's path. `validate(path)` runs frictionless over the written package (types, constraints,
primary and foreign keys) and returns its report; the command refuses to call a package written that
does not validate.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from intlmon import __name__ as project
from intlmon.analytics.read import Reader, session
from intlmon.index.opendata import index_table
from intlmon.lib.neutralise import for_csv
from intlmon.opendata.codes import missing_values_descriptor
from intlmon.opendata.figures import definitions, statistics
from intlmon.opendata.records import section_tables
from intlmon.opendata.registry_tables import registry_tables
from intlmon.opendata.table import Table

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
PUBLISHER = "Centre for International Programmes (monitoring of the international activity of Kazakh HEIs)"


def sources(year: int) -> list[dict]:
    out = [{"title": f"{PUBLISHER}: submissions of the HEIs for {year} as approved in the monitoring"}]
    out.append({"title": "National analytic report on the international activity of Kazakh HEIs, 2023 "
                         "(published figures: source = published)"})
    return out


def tables(year: int) -> list[Table]:
    reader = Reader(year, national=True)
    with session():
        return [*registry_tables(year, reader), definitions(), statistics(year, reader), *section_tables(year),
                index_table(year)]


def resource_descriptor(table: Table) -> dict:
    schema = {"fields": table.fields, "primaryKey": table.primary_key, "missingValues": missing_values_descriptor()}
    if table.foreign_keys:
        schema["foreignKeys"] = table.foreign_keys
    return {"name": table.name, "type": "table", "path": table.path, "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": table.title, "description": table.description,
            "schema": schema}


def descriptor(year: int, built: list[Table]) -> dict:
    return {
        "$schema": PROFILE,
        "name": f"{project}-opendata-{year}",
        "title": f"International activity of Kazakh higher-education institutions, {year}",
        "description": "Registry, statistics in long form and each section's counted records of the monitoring "
                       "for one reporting year, without personal data. Fields: docs/opendata.md.",
        "version": f"{year}.0.0",
        "created": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "licenses": [LICENCE],
        "sources": sources(year),
        "contributors": [
            {"title": PUBLISHER, "roles": ["publisher"]},
            {"title": "The reporting higher-education institutions of Kazakhstan", "roles": ["author"]},
        ],
        "keywords": ["higher education", "internationalisation", "Kazakhstan", "ETER"],
        "resources": [resource_descriptor(t) for t in built],
    }


def write_table(table: Table, directory: Path) -> None:
    """The table as CSV; text columns pass through `lib.neutralise.for_csv`, so a name or title that starts
    like a formula (`=HYPERLINK(…)`) is shown as text when the public opens the file in a spreadsheet
    (numbers, dates and codes are not text columns and stay as they are)."""
    path = directory / table.path
    path.parent.mkdir(parents=True, exist_ok=True)
    text = [f["type"] == "string" for f in table.fields]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([for_csv(v) if is_text else v for v, is_text in zip(row, text, strict=True)]
                         for row in table.rows)


def export(year: int, directory: Path) -> Path:
    """Write the package of `year` into `directory`; the path of its `datapackage.json`."""
    built = tables(year)
    directory.mkdir(parents=True, exist_ok=True)
    for table in built:
        write_table(table, directory)
    path = directory / "datapackage.json"
    path.write_text(json.dumps(descriptor(year, built), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def validate(path: Path):
    """frictionless's report on the package at `path` (`report.valid`, `report.flatten([...])`)."""
    import frictionless

    return frictionless.validate(str(path))
