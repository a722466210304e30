from django.urls import path

from . import feed_views

app_name = "feeds"

urlpatterns = [
    path("settings/", feed_views.feed_settings, name="settings"),
    path("settings/new/", feed_views.feed_create, name="create"),
    path("settings/revoke/", feed_views.feed_revoke, name="revoke"),
    path("<str:token>.ics", feed_views.feed, name="feed"),
]
