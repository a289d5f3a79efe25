from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("intlmon.api.urls")),  # the REST API (namespace "api", docs/api.md)
    path("opendata/", include("intlmon.opendata.urls")),  # the open-data package (docs/opendata.md)
    path("index/", include("intlmon.index.urls")),  # the internationalisation index's page (docs/index.md)
    path("", include("intlmon.web.urls")),  # the portal (namespace "web")
]
