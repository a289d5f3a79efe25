from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "intlmon.web"
    label = "web"

    def ready(self):
        from intlmon.analytics import stamp

        stamp.connect()  # ORM writes to the data bump the cache's generation (analytics/stamp.py)
