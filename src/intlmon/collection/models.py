"""Submissions: one workbook for one institution and period, stored whole as a new version or not at all.

The current version of an (institution, period) is its latest one, the version the HEI works on; at
most one row is current, enforced by a partial unique constraint so that two concurrent uploads cannot
both become current. Which version the statistics count is a different question (the latest
*approved* one, see `analytics.scope`), and being locked is a third: `locked_at` freezes a version in
whatever state it is, so a lock never makes data count (docs/workflow.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intlmon.records.models import ReportingPeriod
from intlmon.registry.models import Institution


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("uploaded workbook")
        IMPORT = "import", _("imported consolidated tables")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="submissions")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.UPLOAD)
    file_name = models.CharField(max_length=300, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_content = models.BinaryField(null=True, blank=True, help_text=_("the original file, kept as uploaded"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    coverage = models.CharField(
        max_length=2,
        blank=True,
        help_text=_("empty: the HEI's whole international activity; a country code: only its activity with that "
                    "country (the tables of a bilateral note)"),
    )
    confirmed_warnings = models.JSONField(default=list, blank=True)
    locked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("set when the version is frozen (deadline or analyst); only an analyst's reopen clears it"),
    )

    class Meta:
        ordering = ["institution", "period", "version"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["institution", "period", "version"], name="uniq_submission_version"),
            models.UniqueConstraint(
                fields=["institution", "period"],
                condition=models.Q(is_current=True),
                name="one_current_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.period.year} v{self.version}"


class AuditEntry(models.Model):
    """Who did what, when: every transition and every stored change."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=50)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="audit")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
