from django.urls import path

from . import public_views, views_reading

app_name = "public"

urlpatterns = [
    path("", public_views.round_list, name="round_list"),
    path("privacy/", public_views.privacy, name="privacy"),
    path("confirm/<str:token>/", public_views.confirm, name="confirm"),
    path("settlements/<str:token>/", public_views.my_settlements, name="my_settlements"),
    path("<slug:municipality_slug>/<int:pk>/", public_views.round_page, name="round"),
    path("<slug:municipality_slug>/<int:pk>/comment/", public_views.comment, name="comment"),
    path("<slug:municipality_slug>/<int:pk>/sections/<int:section_pk>/comments/", views_reading.public_section_comments,
         name="section_comments"),
    path("<slug:municipality_slug>/<int:pk>/thanks/", public_views.thanks, name="thanks"),
    path("<slug:municipality_slug>/<int:pk>/table/", public_views.table, name="table"),
    path("<slug:municipality_slug>/<int:pk>/outcome/", public_views.outcome, name="outcome"),
]
