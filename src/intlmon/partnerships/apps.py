from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "intlmon.partnerships"
    verbose_name = _("Strategic partnerships")
    default_auto_field = "django.db.models.BigAutoField"
