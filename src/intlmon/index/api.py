"""`GET /api/v1/index/?year=Y` — the internationalisation index of a year, the JSON of `intlmon index
--format json` (names and reasons in the request's language). Public, like the statistics: it is
computed from counted figures only, so the answer is kept between requests under the counted data stamp
(`web.page_cache.public`: an approval or an import computes it again, an upload does not). A year without
counted data is 404 (an empty ranking would look like a year without activity); a missing or bad year is
400 in the one problem shape."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from intlmon.analytics.read import Reader, session
from intlmon.api import params
from intlmon.api.problems import request_language
from intlmon.index.compute import compute_index
from intlmon.index.present import as_json
from intlmon.web import page_cache


class IndexView(APIView):
    @extend_schema(parameters=[params.YEAR_REQUIRED],
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
                   operation_id="index_retrieve")
    def get(self, request):
        """Score, rank, Q5–Q95 rank band and coverage per HEI; indicators not computable; HEIs screened out."""
        from intlmon.analytics.availability import has_data

        year = params.integer(request, "year", required=True)
        if not has_data(year):
            raise Http404
        lang = request_language()

        def compute() -> dict:
            with session():
                reader = Reader(year)
                return as_json(compute_index(year, reader), lang, reader)

        with translation.override(lang):
            return Response(page_cache.public("api:index", (year,), compute))
