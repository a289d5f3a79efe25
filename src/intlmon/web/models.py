"""Who a portal user is: their role in the workflow, their HEI (clerks) and their interface language.

The roles are the workflow's own (`collection.workflow.Role`): the portal does not declare a second
vocabulary of roles, it links a Django user to one of them. A clerk acts for exactly one HEI and every
other role for none; the database refuses anything else, so an analyst can never be scoped to an HEI
by mistake, nor a clerk left without one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intlmon.collection.workflow import Role
from intlmon.registry.models import Institution

ROLE_LABELS = {
    Role.CLERK: pgettext_lazy("role", "HEI clerk"),
    Role.ANALYST: pgettext_lazy("role", "analyst of the Centre"),
    Role.VIEWER: pgettext_lazy("role", "viewer"),
    Role.ADMIN: pgettext_lazy("role", "administrator"),
}


class Profile(models.Model):
    """A Django user's place in the portal (one per user; a user without one has no access to its pages)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal")
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="clerks",
        verbose_name=_("institution"),
    )
    language = models.CharField(
        _("interface language"), max_length=8, blank=True, choices=settings.LANGUAGES,
        help_text=_("empty: the browser's language"),
    )

    class Meta:
        verbose_name = _("portal user")
        verbose_name_plural = _("portal users")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role=Role.CLERK.value, institution__isnull=False)
                           | (~models.Q(role=Role.CLERK.value) & models.Q(institution__isnull=True))),
                name="clerk_has_one_institution_others_none",
            ),
        ]

    def __str__(self) -> str:
        hei = f", {self.institution_id}" if self.institution_id else ""
        return f"{self.user.get_username()} ({self.role}{hei})"
