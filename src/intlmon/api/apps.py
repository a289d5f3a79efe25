from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "intlmon.api"
    label = "api"
    verbose_name = "REST API"
