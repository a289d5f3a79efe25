from django.apps import AppConfig


class IndexConfig(AppConfig):
    name = "intlmon.index"
    label = "intlmon_index"
    verbose_name = "Internationalisation index"

    def ready(self):
        # the per-HEI statistics the index reads (denominators, partner network) join the registry
        from intlmon.index import statistics  # noqa: F401
