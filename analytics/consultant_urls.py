from django.urls import path

from . import consultant_indicator_views, views
from .agency import views as agency_views

app_name = "consultant"

urlpatterns = [
    path("", views.consultant_dashboard, name="dashboard"),
    path("export/", views.dashboard_export, name="export"),
    path("targets/", views.targets_detail, name="targets"),
    path("report/", views.report_all, name="report"),
    path("events/", agency_views.event_list, name="event_list"),
    path("events/new/", agency_views.event_new, name="event_new"),
    path("events/<int:pk>/", agency_views.event_detail, name="event_detail"),
    path("files/<int:pk>/", agency_views.event_file_download, name="event_file"),
    path("subscription/", agency_views.subscription, name="subscription"),
    path("subscription/<int:pk>/delete/", agency_views.subscription_delete, name="subscription_delete"),
    path("approvals/", consultant_indicator_views.approval_queue, name="approvals"),
    path("indicators/", consultant_indicator_views.indicator_matrix, name="indicator_matrix"),
    path("data-quality/", consultant_indicator_views.data_quality, name="data_quality"),
]
