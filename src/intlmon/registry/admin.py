"""Admin pages for the registry and the review queue (the web portal will give the queue its own page)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from intlmon.registry import resolve as resolver
from intlmon.registry.models import (
    Country,
    CountryAlias,
    CountryRegion,
    FieldOfEducation,
    ForeignOrganisation,
    Institution,
    InstitutionAlias,
    InstitutionCategory,
    InstitutionName,
    KzRegion,
    OrganisationAlias,
    Region,
    ReviewItem,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ru", "name_kk", "order")
    ordering = ("order",)


class CountryRegionInline(admin.TabularInline):
    model = CountryRegion
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "alpha3", "name_en", "name_ru", "name_kk")
    search_fields = ("code", "alpha3", "name_en", "name_ru", "name_kk")
    inlines = [CountryRegionInline]


@admin.register(CountryRegion)
class CountryRegionAdmin(admin.ModelAdmin):
    list_display = ("country", "region", "year_from", "year_to")
    list_filter = ("region",)
    search_fields = ("country__code", "country__name_en", "country__name_ru")


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin):
    list_display = ("raw", "key", "kind", "source")
    list_filter = ("kind",)
    search_fields = ("raw", "key")
    filter_horizontal = ("countries",)


@admin.register(FieldOfEducation)
class FieldOfEducationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_ru", "name_kk", "isced_broad")


class InstitutionCategoryInline(admin.TabularInline):
    model = InstitutionCategory
    extra = 0


class InstitutionAliasInline(admin.TabularInline):
    model = InstitutionAlias
    extra = 0
    fields = ("raw", "confidence", "origin", "source", "notes")


class InstitutionNameInline(admin.TabularInline):
    model = InstitutionName
    extra = 0
    fields = ("name", "lang", "kind", "valid_from", "valid_to", "source", "notes")


@admin.register(KzRegion)
class KzRegionAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "name_en", "name_ru", "name_kk", "centre", "since")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("id", "name_ru", "name_kk", "name_en", "short_names", "city", "region", "status", "merged_into")
    search_fields = ("id", "name_ru", "name_kk", "name_en", "short_names", "aliases__raw", "names__name")
    list_filter = ("status", "region", "city")
    inlines = [InstitutionCategoryInline, InstitutionNameInline, InstitutionAliasInline]


@admin.register(InstitutionAlias)
class InstitutionAliasAdmin(admin.ModelAdmin):
    list_display = ("raw", "institution", "confidence", "origin")
    list_filter = ("confidence", "origin")
    search_fields = ("raw", "institution__id", "institution__name_ru")
    autocomplete_fields = ("institution",)


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0
    fields = ("raw", "country_raw", "confidence", "origin", "source", "notes")


@admin.register(ForeignOrganisation)
class ForeignOrganisationAdmin(admin.ModelAdmin):
    list_display = ("id", "name_en", "name_ru", "country", "kind")
    list_filter = ("kind", "country")
    search_fields = ("id", "name_en", "name_ru", "name_local", "aliases__raw")
    inlines = [OrganisationAliasInline]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    list_display = ("raw", "country_raw", "organisation", "confidence", "origin")
    list_filter = ("confidence", "origin")
    search_fields = ("raw", "organisation__id", "organisation__name_en")
    autocomplete_fields = ("organisation",)


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):
    """The review queue, most used texts first. Confirm or reject the first candidate with the
    actions, or type another id into 'confirmed id' on the item's page."""

    list_display = ("raw", "kind", "context", "records", "decision", "top_candidates", "status")
    list_filter = ("status", "kind", "decision")
    search_fields = ("raw", "context", "resolved_id")
    ordering = ("status", "-records", "raw")
    readonly_fields = (
        "kind",
        "raw",
        "key",
        "context",
        "records",
        "decision",
        "score",
        "candidate_list",
        "rejected_ids",
        "status",
        "resolved_by",
        "resolved_at",
        "first_seen",
        "last_seen",
    )
    fields = readonly_fields[:8] + ("resolved_id",) + readonly_fields[8:]
    actions = ["confirm_first", "reject_first"]

    @admin.display(description=_("candidates"))
    def top_candidates(self, obj: ReviewItem) -> str:
        return ", ".join(f"{c.get('id')} ({c.get('score')})" for c in obj.candidates[:3])

    @admin.display(description=_("candidates"))
    def candidate_list(self, obj: ReviewItem):
        return format_html_join(
            "\n", "<div><b>{}</b> {} — {}</div>", ((c.get("id"), c.get("score"), c.get("reason")) for c in obj.candidates)
        )

    def _user(self, request) -> str:
        return getattr(request.user, "get_username", lambda: "")()

    @admin.action(description=_("Confirm the first candidate (stores an alias)"))
    def confirm_first(self, request, queryset):
        done = 0
        for item in queryset.filter(status=ReviewItem.Status.OPEN):
            if item.candidate_ids:
                resolver.confirm(item, item.candidate_ids[0], user=self._user(request))
                done += 1
        self.message_user(request, _("%(n)d item(s) confirmed.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Reject the first candidate (never offered again for this text)"))
    def reject_first(self, request, queryset):
        done = 0
        for item in queryset.filter(status=ReviewItem.Status.OPEN):
            if item.candidate_ids:
                resolver.reject(item, item.candidate_ids[0], user=self._user(request))
                done += 1
        self.message_user(request, _("%(n)d candidate(s) rejected.") % {"n": done}, messages.SUCCESS)

    def save_model(self, request, obj: ReviewItem, form, change):
        if change and "resolved_id" in form.changed_data and obj.resolved_id:
            target = obj.resolved_id.strip()
            obj.resolved_id = ReviewItem.objects.get(pk=obj.pk).resolved_id
            super().save_model(request, obj, form, change)
            try:
                resolver.confirm(obj, target, user=self._user(request))
            except (Institution.DoesNotExist, ForeignOrganisation.DoesNotExist, Country.DoesNotExist):
                self.message_user(request, _("No entity with id '%(id)s'.") % {"id": target}, messages.ERROR)
            return
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request) -> bool:
        return False
