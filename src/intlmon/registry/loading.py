"""Idempotent loading of the registry from the CSV files shipped in data/registry.

Running it twice leaves the same rows: every entity is keyed by its stable id, every alias by
(raw, target). Aliases confirmed by reviewers are never touched by a reload.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from intlmon.progress import track
from intlmon.registry.models import (
    AliasOrigin,
    Confidence,
    Country,
    ForeignOrganisation,
    Institution,
    InstitutionAlias,
    InstitutionCategory,
    InstitutionName,
    KzRegion,
    OrganisationAlias,
)

INSTITUTION_COLUMNS = ("id", "name_kk", "name_ru", "name_en", "short_names", "city", "ror_id", "notes", "source")
YEAR_COLUMNS = ("founded", "status_since")
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
CATEGORY_COLUMN = re.compile(r"^category_(\d{4})$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class RegistryInputError(ValueError):
    """A registry CSV that cannot be loaded; `problems` name file, row, column and what is expected."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def registry_dir() -> Path:
    return settings.DATA_DIR / "registry"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def validate_institution_rows(path: Path, rows: list[dict[str, str]]) -> list[str]:
    problems: list[str] = []
    if not rows:
        return [f"{path.name}: the file has no data rows"]
    header = set(rows[0])
    for column in ("id", "name_ru"):
        if column not in header:
            problems.append(f"{path.name}: column '{column}' is missing (expected the columns of kz_institutions.csv)")
    if problems:
        return problems
    valid_categories = set(InstitutionCategory.Category.values)
    seen: set[str] = set()
    known_ids = {r.get("id", "") for r in rows} | set(Institution.objects.values_list("pk", flat=True))
    regions = city_regions()
    for number, row in enumerate(rows, start=2):
        where = f"{path.name}, row {number}"
        ident = row.get("id", "")
        if not SLUG.match(ident):
            problems.append(f"{where}, column id: '{ident}' is not a lowercase slug (letters, digits, '-')")
        elif ident in seen:
            problems.append(f"{where}, column id: '{ident}' appears twice in the file")
        seen.add(ident)
        if not (row.get("name_ru") or row.get("name_kk") or row.get("name_en")):
            problems.append(f"{where}: at least one of name_kk, name_ru, name_en is required")
        for column, value in row.items():
            if CATEGORY_COLUMN.match(column) and value and value not in valid_categories:
                expected = ", ".join(sorted(valid_categories))
                problems.append(f"{where}, column {column}: '{value}' is not one of {expected}")
        ror = row.get("ror_id", "")
        if ror and not ror.startswith("https://ror.org/"):
            problems.append(f"{where}, column ror_id: '{ror}' is not a ROR URL (https://ror.org/…)")
        problems += validate_history_columns(where, row, known_ids, regions)
    return problems


def validate_history_columns(where: str, row: dict[str, str], known_ids: set[str], regions: dict[str, str]) -> list[str]:
    """Status, successor, years and city of one row (the columns of #16; absent columns are fine)."""
    problems = []
    for column in YEAR_COLUMNS:
        value = row.get(column, "")
        if value and not YEAR.match(value):
            problems.append(f"{where}, column {column}: '{value}' is not a year (four digits)")
    status = row.get("status", "") or Institution.Status.ACTIVE
    if status not in Institution.Status.values:
        problems.append(f"{where}, column status: '{status}' is not one of {', '.join(Institution.Status.values)}")
    successor = row.get("merged_into", "")
    if status == Institution.Status.MERGED and not successor:
        problems.append(f"{where}, column merged_into: a merged HEI needs the id of the HEI it was merged into")
    if successor and successor not in known_ids:
        problems.append(f"{where}, column merged_into: '{successor}' is not an id in the file or the registry")
    if successor and successor == row.get("id"):
        problems.append(f"{where}, column merged_into: an HEI cannot be merged into itself")
    city = row.get("city", "")
    if city and city.strip().casefold() not in regions:
        problems.append(f"{where}, column city: '{city}' is not in kz_cities.csv (add the city and its region there)")
    return problems


def city_regions() -> dict[str, str]:
    """City spelling (any listed in kz_cities.csv, case-folded) → region code."""
    table: dict[str, str] = {}
    for row in read_csv(registry_dir() / "kz_cities.csv"):
        for spelling in [row["city"], *row.get("spellings", "").split(";")]:
            if spelling.strip():
                table[spelling.strip().casefold()] = row["region"]
    return table


def upsert_kz_regions(rows: list[dict[str, str]], report: LoadReport) -> None:
    for row in rows:
        KzRegion.objects.update_or_create(code=row["code"], defaults={
            "kind": row["kind"], "name_kk": row["name_kk"], "name_ru": row["name_ru"], "name_en": row["name_en"],
            "centre": row.get("centre", ""), "since": int(row["since"]) if row.get("since") else None,
            "order": int(row.get("order") or 0), "source": row.get("source", ""),
        })
        report.add("kz_regions")


def upsert_institutions(rows: list[dict[str, str]], report: LoadReport) -> None:
    regions = city_regions()
    for row in track(rows, "institutions"):
        values = {c: row.get(c, "") for c in INSTITUTION_COLUMNS if c != "id" and c in row}
        if "city" in row:
            values["region_id"] = regions.get(row["city"].strip().casefold()) if row["city"] else None
        for column in YEAR_COLUMNS:
            if column in row:
                values[column] = int(row[column]) if row[column] else None
        if "status" in row:
            values["status"] = row["status"] or Institution.Status.ACTIVE
        _, created = Institution.objects.update_or_create(id=row["id"], defaults=values)
        report.add("institutions_created" if created else "institutions_updated")
        for column, value in row.items():
            match = CATEGORY_COLUMN.match(column)
            if match and value:
                InstitutionCategory.objects.update_or_create(
                    institution_id=row["id"],
                    year=int(match.group(1)),
                    defaults={"category": value, "conflicts": row.get("category_conflicts", "")},
                )
    for row in rows:  # successors after every row exists
        if "merged_into" in row:
            Institution.objects.filter(pk=row["id"]).update(merged_into_id=row["merged_into"] or None)


def upsert_institution_names(rows: list[dict[str, str]], report: LoadReport) -> None:
    """Former and current names with years and source; each is also an alias of the HEI it names."""
    known = set(Institution.objects.values_list("id", flat=True))
    problems = []
    for number, row in enumerate(rows, start=2):
        where = f"kz_institution_names.csv, row {number}"
        if row["institution_id"] not in known:
            problems.append(f"{where}, column institution_id: unknown id '{row['institution_id']}'")
        if not row.get("source"):
            problems.append(f"{where}, column source: every name needs its source")
        if row.get("kind", "official") not in InstitutionName.Kind.values:
            problems.append(f"{where}, column kind: expected one of {', '.join(InstitutionName.Kind.values)}")
        for column in ("valid_from", "valid_to"):
            if row.get(column) and not YEAR.match(row[column]):
                problems.append(f"{where}, column {column}: '{row[column]}' is not a year (four digits)")
    if problems:
        raise RegistryInputError(problems)
    for row in rows:
        InstitutionName.objects.update_or_create(
            institution_id=row["institution_id"], name=row["name"], kind=row.get("kind") or "official",
            defaults={"lang": row.get("lang", ""), "source": row["source"], "notes": row.get("notes", ""),
                      "valid_from": int(row["valid_from"]) if row.get("valid_from") else None,
                      "valid_to": int(row["valid_to"]) if row.get("valid_to") else None},
        )
        InstitutionAlias.objects.get_or_create(
            raw=row["name"], institution_id=row["institution_id"],
            defaults={"origin": AliasOrigin.SEED, "source": row["source"], "notes": "name history (#16)"},
        )
        report.add("institution_names")


def upsert_institution_aliases(rows: list[dict[str, str]], report: LoadReport) -> None:
    known = set(Institution.objects.values_list("id", flat=True))
    for row in track(rows, "institution aliases"):
        target = row["institution_id"] or None
        if target and target not in known:
            raise RegistryInputError([f"kz_institution_aliases.csv: alias '{row['raw']}' names unknown id '{target}'"])
        InstitutionAlias.objects.update_or_create(
            raw=row["raw"],
            institution_id=target,
            defaults={
                "confidence": row.get("confidence") or Confidence.CERTAIN,
                "origin": AliasOrigin.SEED,
                "source": row.get("source", ""),
                "notes": row.get("notes", ""),
            },
        )
        report.add("institution_aliases")


def upsert_organisations(rows: list[dict[str, str]], report: LoadReport) -> None:
    countries = set(Country.objects.values_list("code", flat=True))
    for row in track(rows, "foreign organisations"):
        country = row.get("country") or None
        if country and country not in countries:
            raise RegistryInputError([f"foreign_organisations.csv: '{row['id']}' has unknown country '{country}'"])
        ForeignOrganisation.objects.update_or_create(
            id=row["id"],
            defaults={
                "name_en": row.get("name_en", ""),
                "name_ru": row.get("name_ru", ""),
                "name_local": row.get("name_local", ""),
                "country_id": country,
                "kind": row.get("kind") or ForeignOrganisation.Kind.UNIVERSITY,
                "ror_id": row.get("ror_id", ""),
                "notes": row.get("notes", ""),
            },
        )
        report.add("organisations")


def upsert_organisation_aliases(rows: list[dict[str, str]], report: LoadReport) -> None:
    for row in track(rows, "organisation aliases"):
        targets = [t for t in row["organisation_id"].split(";") if t] or [None]
        for target in targets:
            OrganisationAlias.objects.update_or_create(
                raw=row["raw"],
                country_raw=row.get("country_raw", ""),
                organisation_id=target,
                defaults={
                    "confidence": row.get("confidence") or Confidence.CERTAIN,
                    "origin": AliasOrigin.SEED,
                    "source": row.get("source", ""),
                    "notes": row.get("notes", ""),
                },
            )
            report.add("organisation_aliases")


def ror_names(path: Path) -> dict[str, list[str]]:
    """Every name (labels, aliases, acronyms) of each active ROR record, by ROR URL."""
    names: dict[str, list[str]] = {}
    if not path.exists():
        return names
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("status") == "withdrawn":
                continue
            names[record["ror_id"]] = [n["value"] for n in record.get("names", []) if n.get("value")]
    return names


def upsert_ror_aliases(report: LoadReport) -> None:
    """ROR labels become aliases of the entities that carry the ROR id (origin=ror)."""
    data = settings.DATA_DIR / "ror"
    kz = ror_names(data / "ror_kz.jsonl")
    for inst in Institution.objects.exclude(ror_id=""):
        for name in kz.get(inst.ror_id, []):
            InstitutionAlias.objects.get_or_create(
                raw=name, institution=inst, defaults={"origin": AliasOrigin.ROR, "source": inst.ror_id}
            )
            report.add("institution_ror_names")
    partners = ror_names(data / "ror_partners_used.jsonl")
    for org in ForeignOrganisation.objects.exclude(ror_id=""):
        for name in partners.get(org.ror_id, []):
            OrganisationAlias.objects.get_or_create(
                raw=name,
                country_raw="",
                organisation=org,
                defaults={"origin": AliasOrigin.ROR, "source": org.ror_id},
            )
            report.add("organisation_ror_names")


def load_institutions_file(path: Path) -> LoadReport:
    """Add or correct institutions from an analyst's CSV (columns of kz_institutions.csv). All or nothing."""
    rows = read_csv(path)
    problems = validate_institution_rows(path, rows)
    if problems:
        raise RegistryInputError(problems)
    report = LoadReport()
    with transaction.atomic():
        if not KzRegion.objects.exists():
            upsert_kz_regions(read_csv(registry_dir() / "kz_regions.csv"), report)
        upsert_institutions(rows, report)
    return report


def load_registry() -> LoadReport:
    """Load countries, regions, fields, institutions, organisations and their aliases. Idempotent."""
    from intlmon.registry.countries import load_countries

    base = registry_dir()
    report = LoadReport()
    institutions = read_csv(base / "kz_institutions.csv")
    problems = validate_institution_rows(base / "kz_institutions.csv", institutions)
    if problems:
        raise RegistryInputError(problems)
    with transaction.atomic():
        country_counts = load_countries()
        for key, value in (country_counts or {}).items():
            report.add(key, value)
        upsert_kz_regions(read_csv(base / "kz_regions.csv"), report)
        upsert_institutions(institutions, report)
        upsert_institution_aliases(read_csv(base / "kz_institution_aliases.csv"), report)
        upsert_institution_names(read_csv(base / "kz_institution_names.csv"), report)
        upsert_organisations(read_csv(base / "foreign_organisations.csv"), report)
        upsert_organisation_aliases(read_csv(base / "foreign_organisation_aliases.csv"), report)
        upsert_ror_aliases(report)
    return report


def registry_summary() -> dict[str, int]:
    from intlmon.registry.models import CountryAlias, FieldOfEducation, Region

    return {
        "countries": Country.objects.count(),
        "country_aliases": CountryAlias.objects.count(),
        "regions": Region.objects.count(),
        "fields_of_education": FieldOfEducation.objects.count(),
        "kz_regions": KzRegion.objects.count(),
        "institutions": Institution.objects.count(),
        "institution_names": InstitutionName.objects.count(),
        "institution_aliases": InstitutionAlias.objects.count(),
        "organisations": ForeignOrganisation.objects.count(),
        "organisation_aliases": OrganisationAlias.objects.count(),
    }
