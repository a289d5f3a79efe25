from django.contrib import admin

from intlmon.web.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "institution", "language")
    list_filter = ("role", "language")
    search_fields = ("user__username", "institution__id")
    autocomplete_fields = ("user",)
    raw_id_fields = ("institution",)
