"""The registry's shipped files as the resolver sees them after `intlmon load-registry`. Django-free.

`intlmon load-registry` puts into the database, besides the rows of `kz_institutions.csv` and
`foreign_organisations.csv`: the aliases of `kz_institution_aliases.csv` and
`foreign_organisation_aliases.csv`, every name of `kz_institution_names.csv` (former names and
acronyms, as aliases), and every name of the ROR record of each entity that carries a ROR id
(`data/ror/ror_kz.jsonl`, `data/ror/ror_partners_used.jsonl`; origin 'ror', a withdrawn record
skipped). The benchmark and the tests build their indexes from the files without a database; this
module gives them the same rows the database path reads, so both paths decide alike (#16: the ROR
acronym 'KSU' was refused in production and auto-accepted by the benchmark, which lacked the ROR
names that make it ambiguous).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def ror_names(path: Path) -> dict[str, list[str]]:
    """Every name (labels, aliases, acronyms) of each ROR record that is not withdrawn, by ROR URL
    (the same rule as `registry.loading.ror_names`)."""
    out: dict[str, list[str]] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("status") == "withdrawn":
                continue
            out[record["ror_id"]] = [n["value"] for n in record.get("names", []) if n.get("value")]
    return out


def _with_ror(entities: list[dict], aliases: list[dict], id_col: str, ror: dict[str, list[str]]) -> list[dict]:
    """`aliases` plus one row per ROR name not yet registered for that entity: the loader's
    get_or_create on (raw, entity) — and, for a foreign organisation, an empty country_raw."""
    out = list(aliases)
    have = {
        (a["raw"], target)
        for a in aliases
        if not a.get("country_raw")
        for target in (a.get(id_col) or "").split(";")
    }
    for e in entities:
        for name in ror.get(e.get("ror_id") or "", []):
            k = (name, e["id"])
            if k not in have:
                have.add(k)
                out.append({"raw": name, id_col: e["id"], "origin": "ror", "confidence": "certain"})
    return out


def institution_rows(data_dir: Path) -> tuple[list[dict], list[dict]]:
    """(institutions, aliases) of the Kazakh-HEI index: aliases, name history and ROR names."""
    registry, ror = data_dir / "registry", data_dir / "ror"
    institutions = read_csv(registry / "kz_institutions.csv")
    aliases = [dict(a, origin=a.get("origin") or "seed") for a in read_csv(registry / "kz_institution_aliases.csv")]
    names_csv = registry / "kz_institution_names.csv"
    if names_csv.exists():
        have = {(a["raw"], a["institution_id"]) for a in aliases}
        for row in read_csv(names_csv):
            if (row["name"], row["institution_id"]) not in have:
                aliases.append({"raw": row["name"], "institution_id": row["institution_id"], "origin": "seed", "confidence": "certain"})
    return institutions, _with_ror(institutions, aliases, "institution_id", ror_names(ror / "ror_kz.jsonl"))


def organisation_rows(data_dir: Path) -> tuple[list[dict], list[dict]]:
    """(organisations, aliases) of the foreign-partner index: aliases and ROR names."""
    registry, ror = data_dir / "registry", data_dir / "ror"
    organisations = read_csv(registry / "foreign_organisations.csv")
    aliases = [dict(a, origin=a.get("origin") or "seed") for a in read_csv(registry / "foreign_organisation_aliases.csv")]
    return organisations, _with_ror(organisations, aliases, "organisation_id", ror_names(ror / "ror_partners_used.jsonl"))


SHARED_ACRONYMS = "shared_acronyms.csv"


def shared_acronyms(data_dir: Path) -> frozenset[str]:
    """Acronym forms (folded, as `acronyms.acronym_forms` gives them) that more than one organisation
    in the ROR extract uses or spells out with its name, in any script or language
    (data/ror/shared_acronyms.csv, built by `build_shared_acronyms`). A foreign organisation is
    never auto-accepted for such an acronym: 'MSU' is Moscow State and Michigan State, 'TSU' Tomsk
    and Tbilisi (#16: an acronym more than one institution has used needs a person)."""
    path = data_dir / "ror" / SHARED_ACRONYMS
    if not path.exists():
        return frozenset()
    return frozenset(row["form"] for row in read_csv(path))


def build_shared_acronyms(*paths: Path) -> list[dict[str, str]]:
    """Rows of shared_acronyms.csv from ROR extracts (JSON Lines): every acronym a record declares
    and the initials of each of its labels and aliases (`acronyms.generated_acronym`), folded; a form
    is kept when two or more records that are not withdrawn have it."""
    from collections import defaultdict

    from intlmon.lib.acronyms import acronym_forms, generated_acronym

    records: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if record.get("status") == "withdrawn":
                    continue
                rid = record["ror_id"]
                for name in record.get("names", []):
                    value = name.get("value") or ""
                    if "ror_display" in name.get("types", []):
                        labels[rid] = value
                    letters = value if "acronym" in name.get("types", []) else generated_acronym(value)
                    for form in acronym_forms(letters) if letters else ():
                        records[form].add(rid)
    return [
        {"form": form, "organisations": str(len(ids)), "examples": "; ".join(sorted(labels.get(i, i) for i in ids)[:4])}
        for form, ids in sorted(records.items())
        if len(ids) > 1
    ]


if __name__ == "__main__":  # python -m intlmon.lib.registry_files EXTRACT.jsonl … > data/ror/shared_acronyms.csv
    import sys

    rows = build_shared_acronyms(*(Path(p) for p in sys.argv[1:]))
    writer = csv.DictWriter(sys.stdout, fieldnames=["form", "organisations", "examples"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
