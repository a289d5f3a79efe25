from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "intlmon.opendata"
    label = "opendata"
