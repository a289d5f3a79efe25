"""Registry rows → the entries of a `NameIndex`, and the two production indexes. Django-free.

The database path (`intlmon.registry.resolve`) and the files path (`intlmon.lib.registry_files`,
used by the benchmark and tests) give the same dicts; these functions turn them into entries the
same way, so the two paths decide alike. Split from `matching` (which keeps the index and its
decisions) because it is about the registry's shape, not about matching.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from intlmon.lib.matching import Entry, NameIndex
from intlmon.lib.names import looks_like_acronym


def institution_entries(institutions: Iterable[dict], aliases: Iterable[dict]) -> list[Entry]:
    """Entries of the Kazakh-HEI index: official names, declared acronyms, aliases.

    `institutions`: dicts with id, name_kk, name_ru, name_en, short_names ('КазНУ;ҚазҰУ;KazNU') and,
    optionally, merged_into (the successor of an HEI merged into another).
    `aliases`: dicts with raw, institution_id ('' for a spelling known to be unmappable), origin.
    A merged HEI's names and aliases are former names of its successor: they resolve to it (issue 16),
    while the registry keeps the merged HEI for its history.
    """
    institutions = list(institutions)
    current = successors(institutions)
    out: list[Entry] = []
    for row in institutions:
        target = current.get(row["id"], row["id"])
        for lang in ("name_kk", "name_ru", "name_en"):
            if row.get(lang):
                out.append(Entry(target, row[lang], "name", "registry"))
        for short in (row.get("short_names") or "").split(";"):
            if short.strip():
                kind = "acronym" if len(short.split()) == 1 else "name"
                out.append(Entry(target, short.strip(), kind, "registry"))
    for row in aliases:
        target = row.get("institution_id") or None
        origin = row.get("origin") or "seed"
        out.append(
            Entry(
                current.get(target, target),
                row["raw"],
                alias_kind(row["raw"], origin),
                origin,
                certain=(row.get("confidence") or "certain") != "probable",
            )
        )
    return out


def alias_kind(raw: str, origin: str) -> str:
    """ROR acronyms ('KSTU', 'SKU') are acronyms: they go through the ambiguity check. One rule for
    the database path (`registry.resolve`) and the files path (`lib.registry_files`)."""
    if origin == "ror" and len(raw.split()) == 1 and looks_like_acronym(raw):
        return "acronym"
    return "alias"


def successors(institutions: Iterable[dict]) -> dict[str, str]:
    """id of a merged HEI → the HEI that carries it on today (chains of mergers followed to the end)."""
    merged = {row["id"]: row["merged_into"] for row in institutions if row.get("merged_into")}
    out = {}
    for hei in merged:
        seen, target = {hei}, merged[hei]
        while target in merged and target not in seen:
            seen.add(target)
            target = merged[target]
        out[hei] = target
    return out


def organisation_entries(organisations: Iterable[dict], aliases: Iterable[dict]) -> list[Entry]:
    """Entries of the foreign-partner index. `aliases`: raw, organisation_id (may be 'a;b'), origin."""
    out: list[Entry] = []
    for row in organisations:
        for col in ("name_en", "name_ru", "name_local"):
            if row.get(col):
                out.append(Entry(row["id"], row[col], "name", "registry"))
    for row in aliases:
        ids = [i for i in (row.get("organisation_id") or "").split(";") if i]
        origin = row.get("origin") or "seed"
        kind = alias_kind(row["raw"], origin)
        if not ids:
            out.append(Entry(None, row["raw"], kind, origin))
        certain = (row.get("confidence") or "certain") != "probable"
        for i in ids:
            out.append(Entry(i, row["raw"], kind, origin, certain=certain))
    return out


def franchise_parents(relations: Iterable[dict], organisations: Iterable[dict]) -> dict[str, list[str]]:
    """Kazakh branch/franchise id → the names of its foreign parent, from the registry's relation
    rows (institution_id, relation, organisation_id) and the foreign organisations (id, name_en,
    name_ru, name_local). An unknown organisation id is an error, not a silently missing rule."""
    names_of = {o["id"]: [o.get(c) or "" for c in ("name_en", "name_ru", "name_local")] for o in organisations}
    out: dict[str, list[str]] = defaultdict(list)
    for row in relations:
        if row.get("relation") not in ("franchise_of", "branch_of"):
            continue
        parent = row.get("organisation_id") or ""
        if parent not in names_of:
            raise ValueError(f"kz_institution_relations.csv: '{row.get('institution_id')}' names unknown organisation '{parent}'")
        out[row["institution_id"]].extend(n for n in names_of[parent] if n)
    return dict(out)


def institution_index(
    institutions: Iterable[dict], aliases: Iterable[dict], rejected=(), related=None, cities: Iterable[dict] = ()
) -> NameIndex:
    """The Kazakh-HEI index. `related`: branch/franchise id → its foreign parent's names; `cities`:
    the rows of kz_cities.csv (city, spellings), so that a text may add the HEI's city."""
    institutions = list(institutions)
    return NameIndex(
        institution_entries(institutions, aliases),
        rejected=rejected,
        label="institution",
        related=related,
        places=institution_places(institutions, cities),
    )


def institution_places(institutions: Iterable[dict], cities: Iterable[dict]) -> dict[str, list[str]]:
    """HEI id → its city's spellings ('Astana', 'Астана', 'Nur-Sultan', …); a merged HEI has none
    (its names are its successor's former names, its city need not be the successor's)."""
    spellings = {}
    for row in cities:
        names_ = [row.get("city") or ""] + (row.get("spellings") or "").split(";")
        spellings[(row.get("city") or "").casefold()] = [n.strip() for n in names_ if n.strip()]
    return {
        row["id"]: spellings.get((row.get("city") or "").casefold(), [row["city"]])
        for row in institutions
        if row.get("city") and not row.get("merged_into")
    }


def organisation_index(organisations: Iterable[dict], aliases: Iterable[dict], rejected=(), shared_acronyms=()) -> NameIndex:
    """The foreign-partner index; `groups` holds each organisation's country for narrowing;
    `shared_acronyms`: acronym forms other organisations in the world use (never auto-accepted)."""
    organisations = list(organisations)
    groups = {row["id"]: (row.get("country") or "") for row in organisations}
    return NameIndex(
        organisation_entries(organisations, aliases),
        groups=groups,
        rejected=rejected,
        label="organisation",
        kazakh_text_needs_review=True,
        foreign=True,
        shared_acronyms=shared_acronyms,
    )
