"""The portal's URLs, namespace `web`. Every route here must have its row in tests/web/test_matrix.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from intlmon.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("hei/", views.clerk_home, name="clerk-home"),
    path("centre/", views.centre_home, name="centre-home"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
]
