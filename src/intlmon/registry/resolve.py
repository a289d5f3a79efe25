"""Name resolution against the registry, and the review queue.

    resolve_institution('КазНУ им. аль-Фараби')            → Resolution(decision=auto, id='kaznu')
    resolve_organisation('РУДН', country='Россия')         → Resolution(decision=auto, id='rudn')
    resolve_country('Ресей')                               → Resolution(decision=auto, id='RU')

The matching itself is Django-free (`intlmon.lib.matching`); this module feeds it the registry and
keeps one index per registry version. The version changes when an institution, organisation,
alias or review decision is saved or deleted in this process (signals), and every
`RECHECK_SECONDS` a cheap fingerprint query notices changes made by other processes.

The review queue (`ReviewItem`): `queue(...)` records a text that was not auto-accepted, once per
text, adding the number of records that use it; `confirm(item, id)` stores an alias (origin
'confirmed') so the text resolves `auto` from then on; `reject(item, id)` is remembered and the
candidate is never offered for that text again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from intlmon.lib import matching, name_entries, registry_files
from intlmon.lib.names import casefold_raw
from intlmon.lib.resolution import Candidate, Decision, Resolution
from intlmon.registry.countries import resolve_country  # noqa: F401  (re-exported)
from intlmon.registry.models import (
    AliasOrigin,
    Confidence,
    ForeignOrganisation,
    Institution,
    InstitutionAlias,
    OrganisationAlias,
    ReviewItem,
)

__all__ = [
    "resolve_institution",
    "resolve_organisation",
    "resolve_country",
    "queue",
    "confirm",
    "reject",
    "invalidate",
]

RECHECK_SECONDS = 5.0

_lock = threading.Lock()
_state: dict[str, object] = {"version": 0, "checked": 0.0, "fingerprint": None}
_indexes: dict[str, tuple[int, matching.NameIndex]] = {}


def invalidate(*args, **kwargs) -> None:
    """Forget the indexes; the next resolution rebuilds them (connected to registry signals)."""
    with _lock:
        _state["version"] = int(_state["version"]) + 1
        _indexes.clear()


# ReviewItem is not connected: queueing a text must not rebuild the index; `reject` invalidates.
for _model in (Institution, InstitutionAlias, ForeignOrganisation, OrganisationAlias):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"resolve-index-save-{_model.__name__}")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"resolve-index-delete-{_model.__name__}")


def _fingerprint() -> tuple:
    parts = []
    for model in (Institution, InstitutionAlias, ForeignOrganisation, OrganisationAlias):
        agg = model.objects.aggregate(n=Count("pk"), m=Max("pk"))
        parts.append((agg["n"], agg["m"]))
    rev = ReviewItem.objects.exclude(rejected_ids=[]).aggregate(n=Count("pk"), m=Max("resolved_at"))
    parts.append((rev["n"], str(rev["m"])))
    return tuple(parts)


def _maybe_recheck() -> None:
    now = time.monotonic()
    if now - float(_state["checked"]) < RECHECK_SECONDS:
        return
    fp = _fingerprint()
    _state["checked"] = now
    if _state["fingerprint"] is not None and fp != _state["fingerprint"]:
        invalidate()
    _state["fingerprint"] = fp


def _rejections(kind: str) -> list[tuple[str, str]]:
    out = []
    for raw, ids in ReviewItem.objects.filter(kind=kind).exclude(rejected_ids=[]).values_list("raw", "rejected_ids"):
        out += [(raw, i) for i in ids or []]
    return out


def _franchise_parents() -> dict[str, list[str]]:
    """Kazakh branches and franchises → their foreign parent's names (data/registry/
    kz_institution_relations.csv; rows whose institution is not in the database are skipped, as an
    alias of an unloaded institution would be)."""
    from intlmon.registry.loading import read_csv, registry_dir

    known = set(Institution.objects.values_list("id", flat=True))
    rows = [r for r in read_csv(registry_dir() / "kz_institution_relations.csv") if r["institution_id"] in known]
    ids = {r["organisation_id"] for r in rows}
    organisations = list(ForeignOrganisation.objects.filter(id__in=ids).values("id", "name_en", "name_ru", "name_local"))
    return name_entries.franchise_parents(rows, organisations)


def build_institution_index() -> matching.NameIndex:
    """The Kazakh-HEI index from the database: the same rows, through the same
    `name_entries.institution_entries`, as the files path (`lib.registry_files`) of the benchmark."""
    from intlmon.registry.loading import read_csv, registry_dir

    institutions = list(
        Institution.objects.values("id", "name_kk", "name_ru", "name_en", "short_names", "merged_into", "city")
    )
    aliases = [
        {"raw": raw, "institution_id": target or "", "origin": origin, "confidence": confidence}
        for raw, target, origin, confidence in InstitutionAlias.objects.values_list("raw", "institution_id", "origin", "confidence")
    ]
    return name_entries.institution_index(
        institutions,
        aliases,
        rejected=_rejections(ReviewItem.Kind.INSTITUTION),
        related=_franchise_parents(),
        cities=read_csv(registry_dir() / "kz_cities.csv"),
    )


def build_organisation_index() -> matching.NameIndex:
    """The foreign-partner index from the database (see `build_institution_index`)."""
    organisations = list(ForeignOrganisation.objects.values("id", "name_en", "name_ru", "name_local", "country_id"))
    for row in organisations:
        row["country"] = row.pop("country_id") or ""
    aliases = [
        {"raw": raw, "organisation_id": target or "", "origin": origin, "confidence": confidence}
        for raw, target, origin, confidence in OrganisationAlias.objects.values_list("raw", "organisation_id", "origin", "confidence")
    ]
    return name_entries.organisation_index(
        organisations,
        aliases,
        rejected=_rejections(ReviewItem.Kind.ORGANISATION),
        shared_acronyms=registry_files.shared_acronyms(settings.DATA_DIR),
    )


_BUILDERS = {
    ReviewItem.Kind.INSTITUTION: build_institution_index,
    ReviewItem.Kind.ORGANISATION: build_organisation_index,
}


def index_for(kind: str) -> matching.NameIndex:
    """The index of the current registry version (built on first use, then reused)."""
    _maybe_recheck()
    version = int(_state["version"])
    cached = _indexes.get(kind)
    if cached is not None and cached[0] == version:
        return cached[1]
    index = _BUILDERS[kind]()
    with _lock:
        if int(_state["version"]) == version:
            _indexes[kind] = (version, index)
    return index


def resolve_institution(text: str | None) -> Resolution:
    """Resolve the name of a Kazakh HEI: ranked candidates (institution ids) and a decision."""
    return index_for(ReviewItem.Kind.INSTITUTION).resolve(text or "")


def country_code(country: str | None) -> str | None:
    """'RU' stays 'RU'; a country cell ('Россия', 'РФ, г.Астрахань') is resolved; else None."""
    if not country or not country.strip():
        return None
    value = country.strip()
    if len(value) == 2 and value.isascii() and value.isalpha():
        return value.upper()
    res = resolve_country(value)
    if res.decision is Decision.AUTO and len({c.id for c in res.candidates}) == 1:
        return res.candidates[0].id
    return None


def resolve_organisation(text: str | None, country: str | None = None) -> Resolution:
    """Resolve a foreign partner's name. `country` (ISO code or a country cell) narrows the search:
    organisations of that country come first, and one of another country is never auto-accepted
    unless the exact spelling is registered (the country cell is a cross-check, not the truth:
    the 2023 tables put AUF in France, its seat is in Canada)."""
    return index_for(ReviewItem.Kind.ORGANISATION).resolve(text or "", country_code(country))


# -- review queue -------------------------------------------------------------------------------


def _as_json(candidates: Iterable[Candidate]) -> list[dict]:
    return [{"id": c.id, "score": c.score, "reason": c.reason} for c in candidates]


def queue(kind: str, raw: str, resolution: Resolution | None = None, records: int = 1, context: str = "") -> ReviewItem | None:
    """Put a text that was not auto-accepted on the review queue (once), adding `records` uses.

    Returns None when the text resolves `auto` (nothing to review).
    """
    if resolution is None:
        resolution = resolve(kind, raw, context)
    if resolution.decision is Decision.AUTO:
        return None
    key = casefold_raw(raw)
    with transaction.atomic():
        item, created = ReviewItem.objects.select_for_update().get_or_create(
            kind=kind,
            key=key[:500],
            context=context or "",
            defaults={"raw": raw[:500]},
        )
        item.records = (item.records or 0) + records
        if item.status == ReviewItem.Status.OPEN:
            rejected = set(item.rejected_ids or [])
            item.candidates = _as_json(c for c in resolution.candidates if c.id not in rejected)
            item.decision = resolution.decision.value
            item.score = resolution.score
        item.save()
    return item


def resolve(kind: str, raw: str, context: str = "") -> Resolution:
    if kind == ReviewItem.Kind.INSTITUTION:
        return resolve_institution(raw)
    if kind == ReviewItem.Kind.ORGANISATION:
        return resolve_organisation(raw, context or None)
    if kind == ReviewItem.Kind.COUNTRY:
        return resolve_country(raw)
    raise ValueError(f"unknown kind {kind!r}")


def confirm(item: ReviewItem, target_id: str, user: str = "") -> None:
    """Accept `target_id` for the item's text: an alias is stored, the text resolves auto from now."""
    with transaction.atomic():
        if item.kind == ReviewItem.Kind.INSTITUTION:
            institution = Institution.objects.get(pk=target_id)
            alias, created = InstitutionAlias.objects.get_or_create(
                raw=item.raw,
                institution=institution,
                defaults={
                    "origin": AliasOrigin.CONFIRMED,
                    "confidence": Confidence.CERTAIN,
                    "source": f"review queue, confirmed by {user or 'a reviewer'}",
                },
            )
            if not created and alias.confidence != Confidence.CERTAIN:  # a probable alias, now confirmed
                alias.confidence = Confidence.CERTAIN
                alias.notes = (alias.notes + f" Confirmed in the review queue by {user or 'a reviewer'}.").strip()
                alias.save()
        elif item.kind == ReviewItem.Kind.ORGANISATION:
            organisation = ForeignOrganisation.objects.get(pk=target_id)
            alias, created = OrganisationAlias.objects.get_or_create(
                raw=item.raw,
                country_raw=item.context,
                organisation=organisation,
                defaults={
                    "origin": AliasOrigin.CONFIRMED,
                    "confidence": Confidence.CERTAIN,
                    "source": f"review queue, confirmed by {user or 'a reviewer'}",
                },
            )
            OrganisationAlias.objects.filter(raw=item.raw, organisation=organisation).exclude(
                confidence=Confidence.CERTAIN
            ).update(confidence=Confidence.CERTAIN)
        else:
            from intlmon.registry.countries import country_key
            from intlmon.registry.models import Country, CountryAlias

            country = Country.objects.get(pk=target_id)
            alias, _ = CountryAlias.objects.get_or_create(
                key=country_key(item.raw), defaults={"raw": item.raw, "source": "review queue"}
            )
            alias.countries.add(country)
        item.status = ReviewItem.Status.CONFIRMED
        item.resolved_id = target_id
        item.resolved_by = user or ""
        item.resolved_at = timezone.now()
        item.save()
    invalidate()


def reject(item: ReviewItem, target_id: str, user: str = "") -> None:
    """Record that `target_id` is not what the item's text means; it is never offered again for it.

    When no candidate is left, the item is closed as 'no candidate fits'.
    """
    with transaction.atomic():
        rejected = list(item.rejected_ids or [])
        if target_id not in rejected:
            rejected.append(target_id)
        item.rejected_ids = rejected
        item.candidates = [c for c in item.candidates if c.get("id") not in rejected]
        item.resolved_by = user or ""
        item.resolved_at = timezone.now()  # time of the last decision (other processes notice it)
        if not item.candidates:
            item.status = ReviewItem.Status.REJECTED
        item.save()
    invalidate()


def review_queue(kind: str | None = None):
    """Open items, the most used first."""
    qs = ReviewItem.objects.filter(status=ReviewItem.Status.OPEN)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-records", "raw")
