from django.urls import path

from intlmon.opendata import views

app_name = "opendata"
urlpatterns = [
    path("<int:year>.zip", views.download, name="download"),
]
