from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "intlmon.reports"
    label = "reports"
