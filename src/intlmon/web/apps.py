from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "intlmon.web"
    label = "web"
