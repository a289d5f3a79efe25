from django.contrib import admin

from intlmon.quality.models import Explanation


@admin.register(Explanation)
class ExplanationAdmin(admin.ModelAdmin):
    list_display = ("check_id", "institution", "statistic", "year_from", "author", "created")
    list_filter = ("check_id", "year_from")
    search_fields = ("check_id", "statistic", "text", "author", "institution__id")
    autocomplete_fields = ()
    readonly_fields = ("created",)
