"""What an analyst said about a finding, kept so the same explanation is not asked for every year.

An explanation is keyed by check (`check_id`: `check` would shadow Model.check), HEI and statistic (the last two may be empty for national-level
findings) and applies from `year_from` onwards, so a finding that recurs in later years arrives
already explained and its text travels to reports as a footnote.

A withdrawn explanation is kept (who withdrew it and when) but no longer explains anything: the
history of what was once printed as a footnote stays answerable.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from intlmon.registry.models import Institution


class Explanation(models.Model):
    check_id = models.CharField(_("check"), max_length=60, help_text=_("id of the audit check"))
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("institution")
    )
    statistic = models.CharField(_("statistic"), max_length=200, blank=True)
    text = models.TextField(_("explanation"))
    author = models.CharField(_("author"), max_length=150)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=150, blank=True)

    class Meta:
        ordering = ["check_id", "institution", "statistic", "-year_from", "-created"]
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")
        indexes = [models.Index(fields=["check_id", "institution", "statistic"], name="quality_expl_key")]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def __str__(self) -> str:
        return f"{self.check_id} {self.institution_id or '—'} {self.statistic or '—'} ({self.year_from}+)"
