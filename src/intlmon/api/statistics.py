"""The declared statistics and their figures, exactly as the read service gives them.

`/statistics/{id}?year=Y` is `intlmon stats --year Y --only ID --format json`: `{"year", "figures": [Figure…]}`
(`analytics.read.Figure.as_json`). A dimension parameter (`country=FR`) asks the read service for that slice —
its first figure is `Reader.figure(id, country="FR")`, then the stored values inside the slice. The view adds,
sums and chooses nothing. The answer is kept between requests under the data stamp (`analytics.stamp`).
"""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from intlmon.analytics.read import Reader, session
from intlmon.analytics.registry import all_statistics
from intlmon.api import params
from intlmon.api.problems import ProblemError, problem, request_language
from intlmon.web import page_cache
from intlmon.web.dashboards import shared_store

#: The dimensions a caller may slice by (query parameter = dimension name).
FILTERS = ("country", "institution", "category", "region", "field", "level")

FigureSerializer = inline_serializer("Figure", {
    "statistic": serializers.CharField(),
    "year": serializers.IntegerField(),
    "dimension": serializers.DictField(child=serializers.CharField()),
    "value": serializers.FloatField(allow_null=True),
    "unit": serializers.CharField(),
    "source": serializers.CharField(allow_null=True),
    "note": serializers.CharField(allow_blank=True),
})
FiguresSerializer = inline_serializer("Figures", {
    "year": serializers.IntegerField(),
    "figures": FigureSerializer.__class__(many=True),
})
StatisticSerializer = inline_serializer("Statistic", {
    "id": serializers.CharField(),
    "title": serializers.CharField(),
    "description": serializers.CharField(),
    "unit": serializers.CharField(),
    "section": serializers.CharField(),
    "dimensions": serializers.ListField(child=serializers.CharField()),
    "additive": serializers.BooleanField(),
})


class StatisticList(APIView):
    @extend_schema(responses=StatisticSerializer.__class__(many=True), operation_id="statistics_list")
    def get(self, request):
        """Every declared statistic with its title and description in the request's language."""
        with translation.override(request_language()):
            return Response([
                {"id": s.id, "title": str(s.title), "description": str(s.description), "unit": s.unit,
                 "section": s.section, "dimensions": list(s.dimensions), "additive": s.additive}
                for s in sorted(all_statistics().values(), key=lambda s: s.id)
            ])


class StatisticDetail(APIView):
    @extend_schema(
        parameters=[params.YEAR_REQUIRED, *(OpenApiParameter(f, OpenApiTypes.STR) for f in FILTERS)],
        responses={200: FiguresSerializer, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request, stat_id: str):
        """The statistic's figures for a year (the read service's JSON), optionally one slice of it."""
        statistic = all_statistics().get(stat_id)
        if statistic is None:
            raise Http404
        year = params.integer(request, "year", required=True)
        where = {f: params.text(request, f) for f in FILTERS if params.text(request, f) is not None}
        for name, value in where.items():
            if name not in statistic.dimensions:
                raise ProblemError(problem("unknown_dimension", column=name, value=value, statistic=stat_id,
                                           dimensions=", ".join(statistic.dimensions) or "—"))
        stamps = page_cache.public_stamps()

        def compute() -> dict:
            with session(), shared_store.reader_store(stamps) as store:  # the year's statistics, as the dashboards keep them
                reader = Reader(year, store=store)
                figures = reader.figures(stat_id)
                if where:
                    inside = [f for f in figures[1:] if all(f.dimension.get(k) == v for k, v in where.items())]
                    figures = [reader.figure(stat_id, **where), *inside]
                return {"year": year, "figures": [f.as_json() for f in figures]}

        # the same for every caller (counted figures only): kept per (statistic, year, slice) under the year's
        # counted stamp (an approval of another year leaves it kept; a year without a period: the shared stamp)
        return Response(page_cache.public("api:statistic", (stat_id, year, tuple(sorted(where.items()))), compute,
                                          at=stamps.get(year, stamps.shared)))
