"""Who sees which partnership, decided once for the portal and the API.

The Centre and the Ministry (analyst, viewer, admin) see the whole register. A clerk sees the partnerships
their own HEI is a party to — the Ministry's assessment of their HEI's partnerships is feedback they need —
and nothing else: another HEI's partnership does not exist for them (404, as every cross-HEI object). Nobody
edits through these pages: analysts edit in Django admin.
"""

from __future__ import annotations

from intlmon.collection.workflow import Actor, Role
from intlmon.partnerships.assess import partnerships


def visible_to(actor: Actor):
    qs = partnerships()
    if actor.role is Role.CLERK:
        return qs.filter(institutions=actor.institution_id).distinct()
    return qs
