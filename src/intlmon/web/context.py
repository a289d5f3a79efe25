"""What every portal template knows about the user: their role (for the navigation) and its label."""

from __future__ import annotations

from intlmon.collection.workflow import Role
from intlmon.web.access import role_of
from intlmon.web.models import ROLE_LABELS


def portal(request) -> dict:
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "portal_role": role.value if role else "",
        "portal_role_label": ROLE_LABELS[role] if role else "",
        "portal_is_centre": role in (Role.ANALYST, Role.VIEWER, Role.ADMIN),
    }
