"""API tokens for HEI systems: one per portal user (DRF's authtoken), issued or replaced by
`intlmon user token NAME`. The token acts as its user — same role, same HEI, same workflow rules."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from intlmon.web.access import role_of


class TokenError(ValueError):
    pass


def issue_token(username: str) -> str:
    """A fresh token for the user (any earlier one stops working); refused for an unknown or role-less user."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(_("no user named %(name)s") % {"name": username})
    if role_of(user) is None:
        raise TokenError(_("user %(name)s has no portal role; give one with intlmon user add") % {"name": username})
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user).key
