from django.urls import path

from . import views, views_final, views_reading, views_settle

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("<int:pk>/schedule/", views.round_schedule, name="round_schedule"),
    path("<int:pk>/open/", views.round_open_now, name="round_open_now"),
    path("<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("<int:pk>/complete/", views.round_complete, name="round_complete"),
    path("<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("<int:pk>/read/", views.round_read, name="round_read"),
    path("<int:pk>/sections/<int:section_pk>/comments/", views_reading.section_comments, name="section_comments"),
    path("<int:pk>/sections/<int:section_pk>/comment/", views.comment_create, name="comment_create"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/comments/<int:comment_pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
    path("<int:pk>/mine/", views.my_comments, name="my_comments"),
    path("<int:pk>/no-comments/", views.no_comments, name="no_comments"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/invitations/", views.invitation_list, name="invitation_list"),
    path("<int:pk>/invitations/<int:invitation_pk>/extension/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/close/", views_final.round_close, name="round_close"),
    path("<int:pk>/send/", views_final.comments_submit, name="comments_submit"),
    path("<int:pk>/receipts/<int:number>/", views_final.receipt_detail, name="receipt"),
    path("<int:pk>/receipts/id/<int:receipt_pk>/", views_final.receipt_for_gestor, name="receipt_for_gestor"),
    path("<int:pk>/outcome/", views_final.round_outcome, name="outcome"),
    path("<int:pk>/settle/", views_settle.settle, name="settle"),
    path("<int:pk>/settle/assign/", views_settle.comments_assign, name="comments_assign"),
    path("<int:pk>/comments/<int:comment_pk>/settle/", views_settle.comment_settle, name="comment_settle"),
    path("<int:pk>/comments/<int:comment_pk>/dispute/", views_settle.dispute_record, name="dispute_record"),
    path("<int:pk>/table/", views_settle.settlement_table, name="settlement_table"),
    path("<int:pk>/table/export/<str:fmt>/", views_settle.settlement_export, name="settlement_export"),
    path("<int:pk>/council-report/<str:fmt>/", views_settle.council_report, name="council_report"),
    path("<int:pk>/moderation/", views.moderation, name="moderation"),
    path("<int:pk>/comments/<int:comment_pk>/moderate/", views.comment_moderate, name="comment_moderate"),
]
