"""Registering a foreign partner that the registry does not know yet, from a name on the review queue.

A queued organisation name that no candidate fits is a new partner: it becomes a `ForeignOrganisation`
(its country taken from the country cell that came with the name unless given), and the queued
spelling is confirmed as its alias through `resolve.confirm`, so the next upload resolves it at once.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from intlmon.lib.translit import is_cyrillic, to_latin
from intlmon.registry import resolve as resolver
from intlmon.registry.models import Country, ForeignOrganisation, ReviewItem


class RegistrationRefused(ValueError):
    """The new partner cannot be registered; the (translated) message says why."""


def slug_for(name: str) -> str:
    """A registry id from a name: transliterated, lower-case, words joined by '-', at most 60 characters."""
    words = re.findall(r"[a-z0-9]+", to_latin(name))
    return "-".join(words)[:60].strip("-")


def country_of(item: ReviewItem) -> str | None:
    """The one country the item's country cell names, if it names exactly one."""
    if not item.context:
        return None
    resolution = resolver.resolve_country(item.context)
    return resolution.id if resolution.decision.value == "auto" and resolution.id else None


def register_from_review(item: ReviewItem, *, user: str, organisation_id: str = "", name_en: str = "",
                         name_ru: str = "", name_local: str = "", country: str = "",
                         kind: str = ForeignOrganisation.Kind.UNIVERSITY, ror_id: str = "") -> ForeignOrganisation:
    """Create the partner the queued name stands for and confirm the name as its alias."""
    if item.kind != ReviewItem.Kind.ORGANISATION:
        raise RegistrationRefused(_("review item %(id)s is a %(kind)s name; only foreign partners can be registered "
                                    "this way") % {"id": item.pk, "kind": item.get_kind_display()})
    if item.status != ReviewItem.Status.OPEN:
        raise RegistrationRefused(_("review item %(id)s is already closed (%(status)s)") % {
            "id": item.pk, "status": item.get_status_display()})
    raw = item.raw.strip()
    cyrillic = any(is_cyrillic(ch) for ch in raw)
    name_en = name_en.strip() or ("" if cyrillic else raw)
    name_ru = name_ru.strip() or (raw if cyrillic else "")
    organisation_id = (organisation_id or slug_for(name_en or raw)).strip()
    if not organisation_id or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", organisation_id):
        raise RegistrationRefused(_("'%(id)s' is not a usable id: use lower-case Latin letters, digits and '-'") % {
            "id": organisation_id})
    if ForeignOrganisation.objects.filter(pk=organisation_id).exists():
        raise RegistrationRefused(_("a partner with the id '%(id)s' already exists: confirm the name for it with "
                                    "`intlmon review confirm %(item)s %(id)s`, or choose another id") % {
            "id": organisation_id, "item": item.pk})
    code = (country or country_of(item) or "").upper()
    if code and not Country.objects.filter(pk=code).exists():
        raise RegistrationRefused(_("unknown country code '%(code)s' (ISO 3166-1 alpha-2 expected, e.g. FR)") % {
            "code": code})
    if kind not in ForeignOrganisation.Kind.values:
        raise RegistrationRefused(_("unknown kind of partner '%(kind)s'; known: %(known)s") % {
            "kind": kind, "known": ", ".join(ForeignOrganisation.Kind.values)})
    with transaction.atomic():
        organisation = ForeignOrganisation.objects.create(
            id=organisation_id, name_en=name_en, name_ru=name_ru, name_local=name_local.strip(),
            country_id=code or None, kind=kind, ror_id=ror_id.strip(),
            notes=f"registered from review item {item.pk} ({raw!r}) by {user}",
        )
        resolver.confirm(item, organisation.pk, user=user)
    return organisation
