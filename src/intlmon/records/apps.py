from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "intlmon.records"
    label = "records"
