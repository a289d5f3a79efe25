"""`/api/v1/partnerships/` and `/api/v1/partnerships/<id>/` (issue 15): the register with each partnership's
assessment for `?year=` (default: the latest reporting period), in the CLI's JSON shape (`assess.as_json`),
plus the national summary on the list. Read-only; who sees what is `partnerships.access.visible_to` (a clerk:
their HEI's partnerships; another's → 404)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from intlmon.api import params
from intlmon.api.permissions import HasRole, actor_of
from intlmon.partnerships import assess as scoring
from intlmon.partnerships.access import visible_to
from intlmon.records.models import ReportingPeriod

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="assessment year (default: the latest period)")


def _year(request) -> int | None:
    year = params.integer(request, "year")
    if year is None:
        year = ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).first()
    return year


class PartnershipList(APIView):
    permission_classes = [HasRole]

    @extend_schema(operation_id="partnerships_list", parameters=[YEAR], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        """Every partnership the caller sees, each with every criterion's state and evidence, and the summary."""
        year = _year(request)
        if year is None:
            return Response({"year": None, "summary": None, "partnerships": []})
        cards = scoring.assess_all(year, visible_to(actor_of(request)))
        return Response({"year": year, "summary": scoring.summary(cards),
                         "partnerships": [scoring.as_json(c) for c in cards]})


class PartnershipDetail(APIView):
    permission_classes = [HasRole]

    @extend_schema(operation_id="partnerships_retrieve", parameters=[YEAR],
                   responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        """One partnership with its assessment; 404 when it does not exist for the caller."""
        partnership = visible_to(actor_of(request)).filter(pk=pk).first()
        year = _year(request)
        if partnership is None or year is None:
            raise NotFound
        return Response(scoring.as_json(scoring.assess(partnership, year)))
