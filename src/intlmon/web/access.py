"""Who may open which page, checked in one place (plain functions, as healthchecks does).

Every view of the portal starts with one of these:

- `require_role(*roles)` — decorator: anonymous → redirect to the login page; a user whose role is not
  listed (or who has no portal role at all) → 403.
- `submission_for(request, pk)` — the submission if this user may see it (`workflow.visible_to`), else
  404. 404, not 403: a clerk of HEI B must not learn that HEI A's version 3 exists.
- `institution_for(request, institution_id)` — an HEI's registry entry, 404 for a clerk of another HEI.
- `actor_for(user)` — the workflow's `Actor` for a logged-in user; the portal passes it to the
  workflow functions, which enforce the role rules once for the command line and the portal alike.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from intlmon.collection.models import Submission
from intlmon.collection.workflow import Actor, Role, visible_to
from intlmon.registry.models import Institution


def role_of(user) -> Role | None:
    """The user's portal role; a superuser without a profile is an admin; anyone else without one has none."""
    if not user.is_authenticated or not user.is_active:
        return None
    profile = getattr(user, "portal", None)
    if profile is not None:
        return Role(profile.role)
    return Role.ADMIN if user.is_superuser else None


def actor_for(user) -> Actor:
    """The workflow's Actor for this user; PermissionDenied for a user without a portal role."""
    role = role_of(user)
    if role is None:
        raise PermissionDenied("no portal role")
    profile = getattr(user, "portal", None)
    institution_id = profile.institution_id if profile is not None else None
    return Actor(user.get_username(), role, institution_id)


def require_role(*roles: Role):
    """View decorator: log in first, then only these roles (all roles when none are named)."""
    allowed = frozenset(Role(r) for r in roles) or frozenset(Role)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = role_of(request.user)
            if role is None or role not in allowed:
                raise PermissionDenied
            request.actor = actor_for(request.user)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def submission_for(request, pk: int) -> Submission:
    """The submission `pk` if the request's user may see it; 404 otherwise (whatever the reason)."""
    actor = getattr(request, "actor", None) or actor_for(request.user)
    visible = visible_to(actor, Submission.objects.select_related("institution", "period"))
    return get_object_or_404(visible, pk=pk)


def institution_for(request, institution_id: str) -> Institution:
    """An HEI's registry entry; a clerk gets 404 for every HEI but their own."""
    actor = getattr(request, "actor", None) or actor_for(request.user)
    if actor.role is Role.CLERK and actor.institution_id != institution_id:
        raise Http404
    return get_object_or_404(Institution, pk=institution_id)
