"""What the registry and the submissions look like on the wire. Names come in all three languages (an HEI system
shows the one it needs); a submission never carries its file's bytes, only their size and checksum."""

from __future__ import annotations

from rest_framework import serializers

from intlmon.collection.models import AuditEntry, Submission
from intlmon.registry.models import Country, ForeignOrganisation, Institution


class MultilingualNames(serializers.Serializer):
    kk = serializers.CharField()
    ru = serializers.CharField()
    en = serializers.CharField()


def names_of(obj) -> dict:
    return {"kk": obj.name_kk, "ru": obj.name_ru, "en": obj.name_en}


class CategorySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    category = serializers.CharField()


class InstitutionSerializer(serializers.ModelSerializer):
    names = serializers.SerializerMethodField()
    acronyms = serializers.ListField(child=serializers.CharField(), read_only=True)
    aliases = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField(help_text="ownership category of the latest year held")

    class Meta:
        model = Institution
        fields = ["id", "names", "acronyms", "aliases", "city", "ror_id", "category", "categories"]

    def get_names(self, obj) -> MultilingualNames:
        return names_of(obj)

    def get_aliases(self, obj) -> list[str]:
        return sorted({a.raw for a in obj.aliases.all()})

    def get_categories(self, obj) -> CategorySerializer(many=True):
        return [{"year": c.year, "category": c.category} for c in sorted(obj.categories.all(), key=lambda c: c.year)]

    def get_category(self, obj) -> str | None:
        rows = sorted(obj.categories.all(), key=lambda c: c.year)
        return rows[-1].category if rows else None


class CountryRegionSerializer(serializers.Serializer):
    region = serializers.CharField()
    year_from = serializers.IntegerField(allow_null=True)
    year_to = serializers.IntegerField(allow_null=True)


class CountrySerializer(serializers.ModelSerializer):
    names = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField(help_text="monitoring region; rows with years override the default")

    class Meta:
        model = Country
        fields = ["code", "alpha3", "numeric", "names", "regions"]

    def get_names(self, obj) -> MultilingualNames:
        return names_of(obj)

    def get_regions(self, obj) -> CountryRegionSerializer(many=True):
        return [{"region": r.region_id, "year_from": r.year_from, "year_to": r.year_to} for r in obj.region_links.all()]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForeignOrganisation
        fields = ["id", "name_en", "name_ru", "name_local", "country", "kind", "ror_id"]


class SubmissionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year", read_only=True)
    locked = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "institution", "year", "version", "is_current", "status", "origin", "coverage", "file_name",
                  "file_size", "file_sha256", "uploaded_at", "comment", "confirmed_warnings", "locked", "locked_at"]

    def get_locked(self, obj) -> bool:
        return obj.locked_at is not None


class HistorySerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="submission.version", read_only=True)
    comment = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "version", "comment"]

    def get_comment(self, obj) -> str:
        return str((obj.detail or {}).get("comment", ""))


class ActionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="required to return a version to the HEI")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    institution = serializers.CharField(required=False, help_text="HEI id (a clerk's own HEI by default)")
    confirm = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                    help_text="warning rule ids the uploader confirms (as `ingest --confirm`)")
