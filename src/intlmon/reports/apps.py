from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "intlmon.reports"
    label = "reports"

    def ready(self):
        """Chart images are kept on disk beside the database (`chart_images`: a fresh process draws
        no chart drawn before, #17). Nothing heavy is imported here: chart_images imports neither
        Altair nor vl-convert until a chart is drawn."""
        from django.conf import settings

        from intlmon.reports.chart_images import images

        images.folder = settings.VAR_DIR / "chart-images"
