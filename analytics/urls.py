from django.urls import path

from . import dataset_views, indicator_views, views
from .agency import views as agency_views

app_name = "analytics"

urlpatterns = [
    path("", views.municipality_dashboard, name="municipality_dashboard"),
    path("report/", views.report_municipality, name="report"),
    path("cooperation/", agency_views.cooperation_detail, name="cooperation"),
    path("cooperation/edit/", agency_views.cooperation_edit, name="cooperation_edit"),
    path("cooperation/contacts/new/", agency_views.contact_new, name="contact_new"),
    path("cooperation/criteria/new/", agency_views.criterion_new, name="criterion_new"),
    path("cooperation/criteria/<int:pk>/score/", agency_views.criterion_score, name="criterion_score"),
    path("indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("indicators/entry/", indicator_views.entry_grid, name="entry_grid"),
    path("indicators/export.<str:fmt>", indicator_views.indicators_export, name="indicators_export"),
    path("indicators/<int:pk>/", indicator_views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/status/", indicator_views.status_override, name="status_override"),
    path("indicators/<int:pk>/targets/", indicator_views.target_add, name="target_add"),
    path("indicators/values/<int:pk>/", indicator_views.value_detail, name="value_detail"),
    path("indicators/values/<int:pk>/<slug:step>/", indicator_views.value_step, name="value_step"),
    path("indicators/flags/<int:pk>/comment/", indicator_views.flag_comment, name="flag_comment"),
    path("datasets/", dataset_views.dataset_list, name="dataset_list"),
    path("datasets/upload/", dataset_views.upload_new, name="upload_new"),
    path("datasets/uploads/<int:pk>/", dataset_views.upload_detail, name="upload_detail"),
    path("datasets/uploads/<int:pk>/status/", dataset_views.upload_status, name="upload_status"),
    path("datasets/<int:pk>/", dataset_views.dataset_detail, name="dataset_detail"),
    path("datasets/<int:pk>/v<int:number>/", dataset_views.version_detail, name="dataset_version"),
]
