"""A workbook uploaded through the API goes through the same `collection.ingest.ingest_file` as the command
line and the portal: the same safety checks, reader, rules and store, with the caller's `Actor` (a clerk for
their own HEI; an analyst or viewer may not upload: 403).

`?check=1` validates and stores nothing. The answer is `IngestResult.as_dict` (its `problems` in the one
shape, in the request's language): 201 when a new draft version was stored, 200 for a passing check or a file
identical to the latest version, 400 when there are errors or warnings still to confirm (nothing stored).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils.text import get_valid_filename
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from intlmon.api import params
from intlmon.api.permissions import HasRole, actor_of
from intlmon.api.problems import ProblemError, problem, request_language
from intlmon.api.serializers import UploadSerializer
from intlmon.collection.ingest import ingest_file
from intlmon.collection.safety import FILE_RULES, MAX_FILE_BYTES, _mb
from intlmon.collection.workflow import NotAllowed

CHECK = OpenApiParameter("check", OpenApiTypes.BOOL, description="validate only; store nothing")


class UploadView(APIView):
    permission_classes = [HasRole]
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": UploadSerializer}, parameters=[CHECK],
                   responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT,
                              403: OpenApiTypes.OBJECT, 413: OpenApiTypes.OBJECT})
    def post(self, request):
        """Validate an HEI's workbook and store it as a new draft version when it passes."""
        files = request.FILES  # parsing runs the upload handlers, which stop a file past the safety limit
        too_large = getattr(request._request, "upload_too_large", "")  # web/upload_limits.py
        if too_large:
            raise ProblemError(FILE_RULES["file_too_large"].at(
                too_large, size_mb=_mb(int(request.META.get("CONTENT_LENGTH") or 0)), limit_mb=_mb(MAX_FILE_BYTES)),
                status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        if "file" not in files:
            raise ProblemError(problem("file_missing", column="file"))
        form = UploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data, check = form.validated_data, params.flag(request, "check")
        uploaded = data["file"]
        lang = request_language()
        with tempfile.TemporaryDirectory(prefix="intlmon-api-") as tmp:
            path = Path(tmp) / (get_valid_filename(Path(uploaded.name or "").name) or "workbook.xlsx")
            with open(path, "wb") as out:
                for chunk in uploaded.chunks():
                    out.write(chunk)
            try:
                result = ingest_file(path, data["year"], institution_id=data.get("institution"), lang=lang,
                                     actor=actor_of(request), confirmed=list(data["confirm"]), check=check)
            except NotAllowed as refused:
                raise ProblemError(problem("workflow_refused", reason=str(refused)),
                                   status_code=status.HTTP_403_FORBIDDEN) from None
        answer = result.as_dict(lang)
        if not result.accepted:
            return Response(answer, status=status.HTTP_400_BAD_REQUEST)
        return Response(answer, status=status.HTTP_201_CREATED if result.stored else status.HTTP_200_OK)
