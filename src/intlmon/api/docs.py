"""The API's documentation page: Swagger UI from drf-spectacular-sidecar's files, served by the app.

drf-spectacular's own Swagger view writes its set-up as an inline <script>, which the portal's CSP
(scripts from the app's own files only) blocks; this page is plain HTML with the schema's address in a
data attribute and the set-up in `static/api/docs.js`."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def documentation(request):
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
