"""`/index/<year>/` (namespace `index`): the index's portal page."""

from django.urls import path

from intlmon.index import views

app_name = "index"

urlpatterns = [
    path("<int:year>/", views.index_page, name="year"),
]
