"""The OpenAPI schema (`/api/v1/schema/`), built once per server process and language, then served as kept.

Why: drf-spectacular walks every endpoint, serializer and parameter on each request (about 150–250 ms of
CPU and over a hundred queries here), while the answer only changes with the code — a new release, which
restarts the server. It does not depend on who asks: the schema is public (`SERVE_PUBLIC`), listing every
endpoint whatever the caller may call, and no view's schema reads the caller. So the rendered bytes are kept
in the process per (active language, `?lang=`, renderer). Requests the kept copies cannot answer exactly —
a `?lang=` that is not one of the portal's languages, `?version=`, or media-type parameters such as
`indent=` — are built as before and not kept, so nobody can grow the store with made-up keys.

`intlmon serve` builds the kept copies before gunicorn forks its workers (`prepare`, called by
`web/serving.py`): every language × every media type the view renders, so no worker builds one inside a
request (a build took 300 ms of CPU, the API schema's p95 in benchmarks/web.py).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView


class SchemaView(SpectacularAPIView):
    #: (language, ?lang=, renderer media type) → (body, Content-Type, Content-Disposition); one per process
    kept: dict[tuple[str, str, str], tuple[bytes, str, str]] = {}

    @extend_schema(**SCHEMA_KWARGS)  # as drf-spectacular's own view: the schema endpoint is not in the schema
    def get(self, request, *args, **kwargs):
        key = self.key(request)
        if key is None:
            return super().get(request, *args, **kwargs)
        found = self.kept.get(key)
        if found is None:
            response = super().get(request, *args, **kwargs)
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            found = (bytes(response.content), response["Content-Type"], response.get("Content-Disposition", ""))
            self.kept[key] = found
        body, content_type, disposition = found
        answer = HttpResponse(body, content_type=content_type)
        if disposition:
            answer["Content-Disposition"] = disposition
        return answer

    @classmethod
    def prepare(cls, languages: list[str]) -> int:
        """Build and keep the schema in each of `languages` as a request without `?lang=` gets it: with
        `Accept: */*` (the first renderer, YAML), `Accept: application/json` (Swagger UI, the docs page) and
        `?format=json`; returns how many were built."""
        from rest_framework.test import APIRequestFactory

        view = cls.as_view(throttle_classes=[], authentication_classes=[])  # no throttle count, no user
        factory = APIRequestFactory()
        built = 0
        for lang in languages:
            with translation.override(lang):
                for query, accept in (({}, "*/*"), ({}, "application/json"), ({"format": "json"}, "*/*")):
                    response = view(factory.get("/api/v1/schema/", query, HTTP_ACCEPT=accept))
                    if response.status_code != 200:
                        raise RuntimeError(f"the OpenAPI schema ({lang}, {query}, {accept}): {response.status_code}")
                    built += 1
        return built

    @staticmethod
    def key(request) -> tuple[str, str, str] | None:
        lang = request.GET.get("lang", "")
        renderer = request.accepted_renderer
        if lang and lang not in dict(settings.LANGUAGES) or "version" in request.GET \
                or request.accepted_media_type != renderer.media_type:
            return None
        return (translation.get_language() or "", lang, renderer.media_type)
