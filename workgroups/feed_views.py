"""The personal calendar feed: a secret address calendar apps subscribe to, and its settings page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.mail import absolute_url

from . import services
from .access import feed_milestones, own_meetings
from .ics import feed_ics
from .models import CalendarFeed

SESSION_KEY = "workgroups_new_feed_token"
FEED_PAST_DAYS = 180


@login_required
@never_cache
def feed_settings(request):
    token = request.session.pop(SESSION_KEY, None)
    active = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(request, "workgroups/feed_settings.html", {
        "feed": active,
        "feed_url": absolute_url(reverse("feeds:feed", args=[token])) if token and active else None,
    })


@require_POST
@login_required
def feed_create(request):
    replaced = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    _feed, token = services.feed_create(actor=request.user)
    request.session[SESSION_KEY] = token
    messages.success(request, _("Your new calendar address is ready. Any previous address no longer works.")
                     if replaced else _("Your calendar address is ready."))
    return redirect("feeds:settings")


@require_POST
@login_required
def feed_revoke(request):
    if services.feed_revoke(actor=request.user):
        messages.success(request, _("The calendar address was revoked; calendars subscribed to it stop updating."))
    return redirect("feeds:settings")


@require_GET
@never_cache
def feed(request, token: str):
    """No login: the secret token is the key. Unknown or revoked tokens answer 404."""
    user = services.feed_user(token)
    if user is None:
        raise Http404
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    meetings = (
        own_meetings(user).filter(starts_at__gte=since).select_related("group", "group__municipality")
        .prefetch_related("agenda").order_by("starts_at")
    )
    milestones = feed_milestones(user).filter(due_date__gte=since.date()).order_by("due_date")
    body = feed_ics(meetings, milestones, name=_("Housing concept: %(name)s") % {"name": user.get_full_name() or user.get_username()})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="koncepce-bydleni.ics"'
    return response
