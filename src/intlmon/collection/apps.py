from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "intlmon.collection"
    label = "collection"
