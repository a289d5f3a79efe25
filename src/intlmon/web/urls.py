"""The portal's URLs, namespace `web`. Every route here must have its row in tests/web/test_matrix.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from intlmon.partnerships import views as partnerships  # issue 15: read-only register and scorecards
from intlmon.web import (  # noqa: I001
    analyst_board,
    analyst_explanations,
    analyst_names,
    analyst_review,
    clerk_pages,
    clerk_rows,
    clerk_upload,
    views,
)
from intlmon.web.dashboards import views as dashboards

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("hei/", views.clerk_home, name="clerk-home"),
    # the clerk's pages (web/clerk_*.py)
    path("hei/template/", clerk_pages.template, name="clerk-template"),
    path("hei/upload/", clerk_upload.upload, name="clerk-upload"),
    path("hei/uploads/<str:token>/", clerk_upload.upload_result, name="clerk-upload-result"),
    path("hei/uploads/<str:token>/confirm/", clerk_upload.confirm_warnings, name="clerk-upload-confirm"),
    path("hei/uploads/<str:token>/annotated/", clerk_upload.annotated_workbook, name="clerk-upload-annotated"),
    path("hei/versions/", clerk_pages.versions, name="clerk-versions"),
    path("hei/diff/", clerk_pages.version_diff, name="clerk-diff"),
    path("hei/rows/", clerk_rows.rows, name="clerk-rows"),
    path("hei/rows/add/", clerk_rows.row_add, name="clerk-row-add"),
    path("hei/rows/<int:record>/", clerk_rows.row_edit, name="clerk-row-edit"),
    path("hei/submissions/<int:pk>/submit/", clerk_pages.submit, name="clerk-submit"),
    path("centre/", views.centre_home, name="centre-home"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    # the analyst's pages (web/analyst_*.py)
    path("centre/board/", analyst_board.board, name="analyst-board"),
    path("centre/submissions/<int:pk>/review/", analyst_review.review, name="analyst-review"),
    path("centre/submissions/<int:pk>/decide/", analyst_review.decide, name="analyst-decide"),
    path("centre/names/", analyst_names.queue, name="analyst-names"),
    path("centre/names/<int:item>/decide/", analyst_names.decide, name="analyst-name-decide"),
    path("centre/explanations/", analyst_explanations.explanations, name="analyst-explanations"),
    path("centre/explanations/<int:pk>/withdraw/", analyst_explanations.withdraw_explanation,
         name="analyst-explanation-withdraw"),
    # the public dashboards (web/dashboards/)
    path("partnerships/", partnerships.register, name="partnerships"),
    path("partnerships/<int:pk>/", partnerships.scorecard, name="partnership"),
    path("dashboards/", dashboards.overview, name="dashboard"),
    path("dashboards/figure/", dashboards.figure, name="dashboard-figure"),
    path("dashboards/export/", dashboards.export, name="dashboard-export"),
    path("dashboards/countries/<str:code>/", dashboards.country, name="dashboard-country"),
    path("dashboards/countries/<str:code>/note.<str:fmt>", dashboards.country_download, name="dashboard-country-note"),
    path("dashboards/hei/<str:pk>/", dashboards.hei, name="dashboard-hei"),
    path("dashboards/hei/<str:pk>/charts/<slug:key>.svg", dashboards.hei_chart, name="dashboard-hei-chart"),
    path("dashboards/charts/<slug:key>.svg", dashboards.overview_chart, name="dashboard-chart"),
]
