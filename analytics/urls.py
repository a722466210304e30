from django.urls import path

from . import views
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
]
