"""Finding registry entries by any of their names, and describing one entry whole.

`search(text)` is what a person does before typing an id into a command ("what is KazNU's id?"): it
matches the text inside every name (kk, ru, en, local), acronym, id and alias of HEIs, foreign partners
and countries, case-insensitively and across scripts (КазНУ, kaznu and KazNU meet through the
matching transliteration), best matches first. It is not name resolution (`resolve.py` decides which
entity an uploaded cell means); it lists what exists. The registry is a few thousand strings, so the
matching is done in Python, the same on SQLite (whose LIKE folds only ASCII) and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intlmon.lib.names import casefold_raw, clean
from intlmon.lib.translit import fold
from intlmon.registry.models import (
    Country,
    CountryAlias,
    CountryRegion,
    ForeignOrganisation,
    Institution,
    InstitutionAlias,
    InstitutionCategory,
    OrganisationAlias,
)

KINDS = ("institution", "organisation", "country")


@dataclass
class Hit:
    kind: str
    id: str
    name: str  # in the reader's language
    matched: str  # the name, acronym, id or alias that contains the text
    score: int  # 3 exact, 2 starts with, 1 contains

    def as_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "matched": self.matched}


def _forms(text: str) -> tuple[str, str]:
    folded = casefold_raw(clean(text))
    return folded, "".join(fold(word) for word in folded.split())


def _score(query: tuple[str, str], candidate: str) -> int:
    folded, latin = _forms(candidate)
    q_folded, q_latin = query
    if not q_folded:
        return 0
    if folded == q_folded or (q_latin and latin == q_latin):
        return 3
    if folded.startswith(q_folded) or (q_latin and latin.startswith(q_latin)):
        return 2
    if q_folded in folded or (len(q_latin) >= 3 and q_latin in latin):
        return 1
    return 0


def _names(kind: str, lang: str) -> dict[str, tuple[str, list[str]]]:
    """id → (display name, every string it answers to)."""
    out: dict[str, tuple[str, list[str]]] = {}
    if kind == "institution":
        for i in Institution.objects.all():
            out[i.pk] = (i.display_name(lang), [i.pk, i.name_kk, i.name_ru, i.name_en, *i.acronyms])
        for raw, target in InstitutionAlias.objects.exclude(institution=None).values_list("raw", "institution_id"):
            if target in out:
                out[target][1].append(raw)
    elif kind == "organisation":
        for o in ForeignOrganisation.objects.all():
            out[o.pk] = (o.display_name(lang), [o.pk, o.name_en, o.name_ru, o.name_local])
        for raw, target in OrganisationAlias.objects.exclude(organisation=None).values_list("raw", "organisation_id"):
            if target in out:
                out[target][1].append(raw)
    else:
        for c in Country.objects.all():
            out[c.pk] = (c.display_name(lang), [c.pk, c.alpha3, c.name_kk, c.name_ru, c.name_en])
        for raw, target in CountryAlias.objects.filter(countries__isnull=False).values_list("raw", "countries"):
            if target in out:
                out[target][1].append(raw)
    return out


def search(text: str, kinds: tuple[str, ...] = KINDS, lang: str = "ru", limit: int = 20) -> list[Hit]:
    """Entries whose names contain `text`, exact matches first, then prefixes, then the rest."""
    query = _forms(text)
    hits: list[Hit] = []
    for kind in kinds:
        for entity_id, (name, strings) in _names(kind, lang).items():
            best, matched = 0, ""
            for s in strings:
                if s and (score := _score(query, s)) > best:
                    best, matched = score, s
            if best:
                hits.append(Hit(kind, entity_id, name, matched, best))
    hits.sort(key=lambda h: (-h.score, KINDS.index(h.kind), h.name.casefold()))
    return hits[:limit] if limit else hits


@dataclass
class Entry:
    """One registry entry with everything a person asks about it."""

    kind: str
    id: str
    names: dict[str, str]
    acronyms: list[str] = field(default_factory=list)
    aliases: list[dict] = field(default_factory=list)
    category: dict[str, str] = field(default_factory=dict)  # year → category (HEIs)
    country: str = ""
    region: str = ""
    city: str = ""
    ror_id: str = ""
    organisation_kind: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def _region(code: str | None, lang: str) -> str:
    region = CountryRegion.region_of(code) if code else None
    return f"{region.code} ({region.display_name(lang)})" if region else ""


def describe(entity_id: str, kind: str | None = None, lang: str = "ru") -> list[Entry]:
    """Every entry with this id (an id is unique within a kind; `kind` narrows when two kinds share it)."""
    entries: list[Entry] = []
    if kind in (None, "institution"):
        for i in Institution.objects.filter(pk=entity_id):
            entries.append(Entry(
                kind="institution", id=i.pk, names={"kk": i.name_kk, "ru": i.name_ru, "en": i.name_en},
                acronyms=i.acronyms, city=i.city, ror_id=i.ror_id,
                aliases=[{"raw": a.raw, "origin": a.origin, "confidence": a.confidence}
                         for a in InstitutionAlias.objects.filter(institution=i).order_by("raw")],
                category={str(c.year): c.category for c in InstitutionCategory.objects.filter(institution=i).order_by("year")},
                country="KZ", region="",
            ))
    if kind in (None, "organisation"):
        for o in ForeignOrganisation.objects.filter(pk=entity_id).select_related("country"):
            entries.append(Entry(
                kind="organisation", id=o.pk, names={"en": o.name_en, "ru": o.name_ru, "local": o.name_local},
                ror_id=o.ror_id, organisation_kind=o.kind,
                aliases=[{"raw": a.raw, "country_raw": a.country_raw, "origin": a.origin, "confidence": a.confidence}
                         for a in OrganisationAlias.objects.filter(organisation=o).order_by("raw")],
                country=f"{o.country_id} ({o.country.display_name(lang)})" if o.country_id else "",
                region=_region(o.country_id, lang),
            ))
    if kind in (None, "country"):
        for c in Country.objects.filter(pk=entity_id.upper()):
            entries.append(Entry(
                kind="country", id=c.pk, names={"kk": c.name_kk, "ru": c.name_ru, "en": c.name_en},
                aliases=[{"raw": a.raw, "kind": a.kind} for a in CountryAlias.objects.filter(countries=c).order_by("raw")],
                country=c.pk, region=_region(c.pk, lang),
            ))
    return entries
