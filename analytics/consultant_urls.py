from django.urls import path

from . import consultant_indicator_views, views

app_name = "consultant"

urlpatterns = [
    path("", views.consultant_dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="export"),
    path("approvals/", consultant_indicator_views.approval_queue, name="approvals"),
    path("indicators/", consultant_indicator_views.indicator_matrix, name="indicator_matrix"),
    path("data-quality/", consultant_indicator_views.data_quality, name="data_quality"),
]
