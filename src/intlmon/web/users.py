"""Portal users made from the command line: one with a role, and the demo set a newcomer logs in with.

The rules a user must satisfy (a known role, a clerk's HEI in the registry, a password the validators
accept, a new name) are checked here and refused with a message in the reader's language; the command
turns a refusal into exit 1.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intlmon.collection.models import Submission
from intlmon.collection.workflow import Role
from intlmon.registry.models import Institution
from intlmon.web.models import Profile


class UserError(ValueError):
    """A user that cannot be created as asked; the message says why and what to do."""


def check_role(role: str, institution_id: str | None) -> tuple[Role, Institution | None]:
    if role not in {r.value for r in Role}:
        raise UserError(_("unknown role '%(role)s'; expected one of: %(roles)s")
                        % {"role": role, "roles": ", ".join(r.value for r in Role)})
    role = Role(role)
    if role is Role.CLERK and not institution_id:
        raise UserError(_("a clerk acts for one HEI: give its registry id with --institution "
                          "(`intlmon registry search NAME` finds it)"))
    if role is not Role.CLERK and institution_id:
        raise UserError(_("only a clerk belongs to an HEI; the role %(role)s sees every HEI, leave out --institution")
                        % {"role": role.value})
    institution = None
    if institution_id:
        institution = Institution.objects.filter(pk=institution_id).first()
        if institution is None:
            raise UserError(_("no HEI with the registry id '%(id)s' (`intlmon registry search NAME` finds the id)")
                            % {"id": institution_id})
    return role, institution


def add_user(username: str, role: str, password: str, institution_id: str | None = None):
    """A new portal user; admins may also use the Django admin site (staff and superuser)."""
    username = username.strip()
    if not username:
        raise UserError(_("a user needs a name"))
    checked_role, institution = check_role(role, institution_id)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise UserError(_("a user named '%(name)s' already exists") % {"name": username})
    try:
        validate_password(password, User(username=username))
    except ValidationError as exc:
        raise UserError(_("the password is refused: %(reasons)s") % {"reasons": " ".join(exc.messages)}) from exc
    with transaction.atomic():
        is_admin = checked_role is Role.ADMIN
        user = User.objects.create_user(username, password=password, is_staff=is_admin, is_superuser=is_admin)
        Profile.objects.create(user=user, role=checked_role.value, institution=institution)
    return user


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    institution_id: str | None
    password: str


def demo_heis() -> list[str]:
    """Two HEIs to give the demo clerks: ones with data in the latest period (so their pages show something)."""
    latest = Submission.objects.order_by("-period__year").values_list("period__year", flat=True).first()
    ids = list(Submission.objects.filter(period__year=latest, is_current=True).order_by("institution_id")
               .values_list("institution_id", flat=True).distinct()[:2]) if latest else []
    for extra in Institution.objects.exclude(pk__in=ids).order_by("pk").values_list("pk", flat=True)[:2]:
        if len(ids) < 2:
            ids.append(extra)
    return ids


def make_demo_users() -> list[DemoUser]:
    """The five demo personas, created or reset with fresh passwords; refused under production settings."""
    if settings.PRODUCTION:
        raise UserError(_("demo users are never created under production settings (INTLMON_PRODUCTION=1)"))
    heis = demo_heis()
    if len(heis) < 2:
        raise UserError(_("the registry has fewer than two HEIs: run `intlmon load-registry` first"))
    plan = [("demo-clerk-a", Role.CLERK, heis[0]), ("demo-clerk-b", Role.CLERK, heis[1]),
            ("demo-analyst", Role.ANALYST, None), ("demo-viewer", Role.VIEWER, None), ("demo-admin", Role.ADMIN, None)]
    User = get_user_model()
    made = []
    with transaction.atomic():
        for username, role, hei in plan:
            password = secrets.token_urlsafe(12)
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = user.is_superuser = role is Role.ADMIN
            user.is_active = True
            user.set_password(password)
            user.save()
            Profile.objects.update_or_create(user=user, defaults={"role": role.value, "institution_id": hei})
            made.append(DemoUser(username, role, hei, password))
    return made
