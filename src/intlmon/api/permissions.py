"""Who may call what: the portal's roles (`web.access.role_of`) and the workflow's `Actor`, nothing new.

A token-authenticated HEI system acts as the token's user, with that user's portal role and HEI, so the same
role rules (in `collection.workflow`) apply to the browser, the command line and the API.
"""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from intlmon.collection.models import Submission
from intlmon.collection.workflow import Actor, Role, visible_to
from intlmon.web.access import actor_for, role_of


def actor_of(request) -> Actor | None:
    """The request's workflow Actor, or None for an anonymous caller or a user without a portal role."""
    if role_of(request.user) is None:
        return None
    return actor_for(request.user)


class HasRole(BasePermission):
    """Authenticated with a portal role; a view narrows the roles with `roles` (all when empty)."""

    roles: frozenset[Role] = frozenset()

    def has_permission(self, request, view) -> bool:
        role = role_of(request.user)
        if role is None:
            return False
        allowed = getattr(view, "allowed_roles", None) or self.roles or frozenset(Role)
        return role in allowed


class IsAnalyst(HasRole):
    """The Centre: analysts and administrators (audit findings)."""

    roles = frozenset({Role.ANALYST, Role.ADMIN})


def visible_submissions(request):
    """The versions this caller may see (`workflow.visible_to`); none for an anonymous caller."""
    actor = actor_of(request)
    base = Submission.objects.select_related("institution", "period")
    return base.none() if actor is None else visible_to(actor, base)


def submission_or_404(request, pk) -> Submission:
    """One version if visible to the caller, else 404 — another HEI's version does not exist for a clerk."""
    try:
        return visible_submissions(request).get(pk=int(pk))
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
