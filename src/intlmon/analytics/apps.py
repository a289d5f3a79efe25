from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "intlmon.analytics"
    label = "analytics"
