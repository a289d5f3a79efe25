"""Records per section (`/records/<section>/`), one read-only endpoint per section of `collection.sections`.

Who sees which rows: everyone sees the counted records (`analytics.scope`: the latest approved version per
HEI and period — what the statistics add up); a clerk also sees the rows of their own HEI's current version,
draft included; never another HEI's uncounted rows. `?submission=ID` reads one version the caller may see
(`workflow.visible_to`; another HEI's version is 404).

A list of counted records only — every caller but a clerk, without `?submission=` — is the same for all of
them and is kept under the counted stamp per absolute address, as the registry lists are (api/registry.py):
serialising a page of 100 records was most of the list's CPU. A clerk's list (with the own HEI's current
rows) and a version's rows are computed for each request as before.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from intlmon.analytics.scope import counted_ids
from intlmon.api import params
from intlmon.api.permissions import actor_of, submission_or_404
from intlmon.collection.sections import SECTIONS
from intlmon.collection.workflow import Role
from intlmon.records.models import ReportingPeriod
from intlmon.web import page_cache

SUBMISSION = OpenApiParameter("submission", OpenApiTypes.INT, description="one version's rows (authenticated)")
# the record's id, declared: the schema generator cannot ask `get_queryset` (it reads the request) for its type
RECORD_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="the record's id")


def counted_submission_ids(year: int | None) -> list[int]:
    years = [year] if year is not None else list(ReportingPeriod.objects.values_list("year", flat=True))
    return [pk for y in years for pk in counted_ids(y)]


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    model = None  # set per section by `record_viewset`

    def list(self, request, *args, **kwargs):
        actor = actor_of(request)
        if "submission" in request.query_params or actor is not None and actor.role is Role.CLERK:
            return super().list(request, *args, **kwargs)  # not the same for everyone: not kept
        data = page_cache.public(f"api:records-{self.model._meta.label_lower}-list", (request.build_absolute_uri(),),
                                 lambda: super(RecordViewSet, self).list(request, *args, **kwargs).data)
        return Response(data)

    def get_queryset(self):
        request = self.request
        year = params.integer(request, "year")
        qs = self.model.objects.select_related("period").order_by("pk")
        version = params.integer(request, "submission")
        if version is not None:
            qs = qs.filter(submission=submission_or_404(request, version))
        else:
            visible = Q(submission_id__in=counted_submission_ids(year))
            actor = actor_of(request)
            if actor is not None and actor.role is Role.CLERK:
                visible |= Q(institution_id=actor.institution_id, submission__is_current=True)
            qs = qs.filter(visible)
        if year is not None:
            qs = qs.filter(period__year=year)
        institution = params.text(request, "institution")
        if institution:
            qs = qs.filter(institution_id=institution)
        country = params.text(request, "country")
        if country and self.has_country:
            qs = qs.filter(country_id=country.upper())
        return qs


def record_serializer(model) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": model, "exclude": ["period"]})
    return type(f"{model.__name__}Record", (serializers.ModelSerializer,), {
        "Meta": meta,
        "year": serializers.IntegerField(source="period.year", read_only=True),
    })


def record_viewset(section) -> type[RecordViewSet]:
    model = apps.get_model(section.model_label)
    has_country = any(f.name == "country" for f in model._meta.get_fields())
    filters = [params.YEAR, params.INSTITUTION, SUBMISSION] + ([params.COUNTRY] if has_country else [])
    view = type(f"{model.__name__}Records", (RecordViewSet,), {
        "model": model, "has_country": has_country, "serializer_class": record_serializer(model),
        "__doc__": f"{section.titles['en']}: counted records (a clerk also their own HEI's current version).",
    })
    return extend_schema_view(list=extend_schema(parameters=filters, tags=["records"]),
                              retrieve=extend_schema(parameters=[RECORD_ID], tags=["records"]))(view)


def section_viewsets() -> dict[str, type[RecordViewSet]]:
    return {section.key: record_viewset(section) for section in SECTIONS}
