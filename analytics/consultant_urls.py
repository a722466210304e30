from django.urls import path

from . import views

app_name = "consultant"

urlpatterns = [
    path("", views.consultant_dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="export"),
]
