from django.urls import path

from . import accessibility_views as accessibility

app_name = "accessibility"

urlpatterns = [
    path("", accessibility.statement, name="statement"),
    path("report/", accessibility.report, name="report"),
    path("report/thanks/", accessibility.report_thanks, name="report_thanks"),
    path("queue/", accessibility.queue, name="queue"),
    path("queue/<int:pk>/answer/", accessibility.answer, name="answer"),
]
