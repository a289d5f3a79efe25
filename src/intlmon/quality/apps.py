from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "intlmon.quality"
    label = "quality"
