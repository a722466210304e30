from django.urls import path

from . import meeting_views as mv
from . import schedule_views as sv
from . import views

app_name = "workgroups"

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_create, name="group_create"),
    path("composition/", views.composition, name="composition"),
    path("<int:pk>/", views.group_detail, name="group_detail"),
    path("<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_pk>/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/checklist/<int:item_pk>/", views.checklist_edit, name="checklist_edit"),
    path("<int:pk>/meetings/new/", mv.meeting_create, name="meeting_create"),
    path("meetings/", mv.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", mv.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", mv.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invite/", mv.meeting_invite, name="meeting_invite"),
    path("meetings/<int:pk>/cancel/", mv.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", mv.attendance_edit, name="attendance_edit"),
    path("meetings/<int:pk>/minutes/", mv.minutes_edit, name="minutes_edit"),
    path("meetings/<int:pk>/minutes.pdf", mv.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/decisions/", mv.decision_add, name="decision_add"),
    path("meetings/<int:pk>/decisions/<int:decision_pk>/delete/", mv.decision_delete, name="decision_delete"),
    path("meetings/<int:pk>/actions/", mv.action_add, name="action_add"),
    path("meetings/<int:pk>/attachments/", mv.attachment_add, name="attachment_add"),
    path("meetings/<int:pk>/attachments/<int:attachment_pk>/", mv.attachment_download, name="attachment_download"),
    path("meetings/<int:pk>/attachments/<int:attachment_pk>/delete/", mv.attachment_delete, name="attachment_delete"),
    path("meetings/<int:pk>/participants/", mv.focus_count_add, name="focus_count_add"),
    path("meetings/<int:pk>/outputs/", mv.focus_output_add, name="focus_output_add"),
    path("actions/", sv.action_list, name="action_list"),
    path("actions/<int:pk>/status/", sv.action_status, name="action_status"),
    path("schedule/", sv.milestone_list, name="milestone_list"),
    path("schedule/new/", sv.milestone_edit, name="milestone_create"),
    path("schedule/<int:pk>/edit/", sv.milestone_edit, name="milestone_edit"),
]
