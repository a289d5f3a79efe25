"""The administrator's page for reporting periods: open a year, set its deadline, close or publish it.

The deadline is what `lock-overdue` and the completeness board's on-time rate read; records themselves are
never edited here (they change only through an upload or a correction, which make a new version)."""

from django.contrib import admin

from intlmon.records.models import ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("year", "status", "deadline")
    list_editable = ("status", "deadline")
    list_filter = ("status",)
    ordering = ("-year",)
