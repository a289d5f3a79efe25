"""Audit findings of a year for the Centre (analysts and administrators): `quality.audit.run_audit`, each
finding in the one problem shape plus the audit's own keys (`Finding.as_dict`), in the request's language.

The year's findings are kept under the *counted* data stamp (`web.page_cache.public`): every check reads
counted records, published figures, the registry and explanations only — what that stamp covers — so an
upload or a submission does not make the audit (a third of a second of CPU) run again; an approval, an
import or an explanation does. The open-data package keeps the same audit under the same stamp. What is
kept is the list as shown in the request's language (rendering the messages reads the registry's names);
the HEI and severity filters are applied to it, and only analysts reach it (`IsAnalyst`)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from intlmon.api import params
from intlmon.api.permissions import IsAnalyst
from intlmon.api.problems import request_language
from intlmon.collection.problems import Severity
from intlmon.quality.audit import run_audit
from intlmon.web import page_cache

SEVERITY = OpenApiParameter("severity", OpenApiTypes.STR, enum=[s.value for s in Severity])


class AuditFindings(APIView):
    permission_classes = [IsAnalyst]

    @extend_schema(parameters=[params.YEAR_REQUIRED, params.INSTITUTION, SEVERITY],
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    def get(self, request):
        """The year's findings, filtered by HEI and severity."""
        year = params.integer(request, "year", required=True)
        institution = params.text(request, "institution")
        severity = params.choice(request, "severity", [s.value for s in Severity])
        lang = request_language()
        # the findings as shown (each message in `lang` names HEIs and countries: a query each), kept whole
        shown = page_cache.public("api:audit", (year, lang), lambda: [f.as_dict(lang) for f in run_audit(year)])
        findings = [f for f in shown if (institution is None or f["institution"] == institution)
                    and (severity is None or f["severity"] == severity)]
        return Response({"year": year, "findings": findings})
