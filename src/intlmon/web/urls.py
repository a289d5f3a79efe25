"""The portal's URLs, namespace `web`. Every route here must have its row in tests/web/test_matrix.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from intlmon.web import clerk_pages, clerk_rows, clerk_upload, views

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
]
