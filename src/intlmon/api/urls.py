"""`/api/v1/` (namespace `api`): registry, statistics, records per section, submissions and their workflow
actions, upload, audit findings, the OpenAPI 3 schema and its documentation page."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from intlmon.api import audit, docs, records, registry, schema, statistics, submissions, uploads
from intlmon.index.api import IndexView
from intlmon.partnerships import api as partnerships

app_name = "api"

router = SimpleRouter()
router.register("institutions", registry.InstitutionViewSet, basename="institution")
router.register("countries", registry.CountryViewSet, basename="country")
router.register("organisations", registry.OrganisationViewSet, basename="organisation")
router.register("submissions", submissions.SubmissionViewSet, basename="submission")
for key, viewset in records.section_viewsets().items():
    router.register(f"records/{key}", viewset, basename=f"records-{key}")

urlpatterns = [
    path("statistics/", statistics.StatisticList.as_view(), name="statistics"),
    path("statistics/<str:stat_id>/", statistics.StatisticDetail.as_view(), name="statistic"),
    path("uploads/", uploads.UploadView.as_view(), name="upload"),
    path("audit/", audit.AuditFindings.as_view(), name="audit"),
    path("partnerships/", partnerships.PartnershipList.as_view(), name="partnerships"),
    path("partnerships/<int:pk>/", partnerships.PartnershipDetail.as_view(), name="partnership"),
    path("index/", IndexView.as_view(), name="index"),
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("docs/", docs.documentation, name="docs"),
    path("", include(router.urls)),
]
