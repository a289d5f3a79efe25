"""Presence both ways: foreign branches and centres at Kazakh HEIs, Kazakh branches and offices abroad."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intlmon.analytics.statistics.base import Printed, declare, distinct
from intlmon.records.models import Presence

DIMENSIONS = ("institution", "category", "country", "region", "kind", "status")  # status: operating / planned
INBOUND = Q(direction=Presence.Direction.INBOUND)
OUTBOUND = Q(direction=Presence.Direction.OUTBOUND)
INBOUND_TEXT = "stated:foreign_hei_branches_in_kz"
OUTBOUND_TEXT = "stated:kz_hei_branches_abroad"

declare(
    "foreign_branches_in_kz", _("Foreign branches and centres in Kazakhstan"),
    _("Branches, representations and centres of foreign HEIs at Kazakh HEIs, by host HEI, partner country and kind."),
    model=Presence, dimensions=DIMENSIONS, unit="branches", section="presences", where=INBOUND,
    printed=[Printed("foreign_branches_in_kz"),
             Printed(INBOUND_TEXT, label="in text: foreign HEI branches/centres at Kazakh HEIs")],
)
declare(
    "kz_branches_abroad", _("Kazakh branches and representations abroad"),
    _("Branches, representations, offices and centres of Kazakh HEIs abroad, by HEI, host country and kind."),
    model=Presence, dimensions=DIMENSIONS, unit="branches", section="presences", where=OUTBOUND,
    printed=[Printed("kz_branches_abroad"),
             Printed(OUTBOUND_TEXT, label="in text: representations/branches/offices/centres abroad")],
)
declare(
    "institutions_hosting_foreign_branches", _("Kazakh HEIs hosting foreign branches"),
    _("Kazakh HEIs with at least one foreign branch or centre, by HEI category."),
    model=Presence, dimensions=("category",), unit="institutions", section="presences", where=INBOUND,
    measure=distinct("institution_id"),
    printed=[Printed("institutions_hosting_foreign_branches"),
             Printed(INBOUND_TEXT, label="in text: Kazakh host HEIs of foreign branches/centres")],
)
declare(
    "institutions_with_branches_abroad", _("Kazakh HEIs with branches abroad"),
    _("Kazakh HEIs with at least one branch or representation abroad, by HEI category."),
    model=Presence, dimensions=("category",), unit="institutions", section="presences", where=OUTBOUND,
    measure=distinct("institution_id"),
    printed=[Printed("institutions_with_branches_abroad"),
             Printed(OUTBOUND_TEXT, label="in text: Kazakh HEIs with representations abroad")],
)
declare(
    "kz_branches_abroad_countries", _("Countries hosting Kazakh branches"),
    _("Distinct countries where Kazakh HEIs have branches or representations."),
    model=Presence, dimensions=(), unit="countries", section="presences", where=OUTBOUND,
    measure=distinct("country_id"),
    printed=[Printed("kz_branches_abroad_countries"),
             Printed(OUTBOUND_TEXT, label="in text: countries with representations")],
)
