"""Analysts edit the register and enter ranking positions in Django admin (issue 15).

A ranking position entered here needs its source URL and retrieval date like an imported one (the model
requires them); `entered_by` defaults to the analyst's user name.
"""

from django.contrib import admin

from intlmon.partnerships.models import Partnership, PartnershipPartner, Ranking, TargetIndicator


class PartnerInline(admin.TabularInline):
    model = PartnershipPartner
    extra = 1
    autocomplete_fields = ("organisation",)


class TargetInline(admin.TabularInline):
    model = TargetIndicator
    extra = 1


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "model", "status", "start_year", "term_years")
    list_filter = ("model", "status")
    search_fields = ("key", "name", "partners__name", "partners__organisation__name_en", "institutions__name_ru")
    filter_horizontal = ("institutions",)
    inlines = (PartnerInline, TargetInline)


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organisation", "organisation_name", "scope", "subject", "retrieved_on", "entered_by")
    list_filter = ("system", "scope", "edition")
    search_fields = ("organisation__name_en", "organisation_name", "subject")
    autocomplete_fields = ("organisation",)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("entered_by", request.user.get_username())
        return initial
