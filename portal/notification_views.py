"""In-portal notifications: the list (unread first), "mark as read" and "mark all as read".
E-mail stays as each person chose in their profile; this only shows what was recorded."""

from __future__ import annotations

import django_filters
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .lists import ListFilterSet, list_page
from .models import Notification
from .unread import forget_unread


class NotificationFilter(ListFilterSet):
    unread = django_filters.BooleanFilter(label=_("Only unread"), field_name="read_at", lookup_expr="isnull",
                                          widget=django_filters.widgets.BooleanWidget())
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("created_at", "created"), ("read_at", "read")),
        field_labels={"created_at": _("received"), "read_at": _("read")},
    )

    class Meta:
        model = Notification
        fields = ["unread"]


def notifications_mark_read(*, actor, ids=None) -> int:
    """Mark the actor's notifications (all, or those ``ids``) as read. Returns how many changed."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    if changed:
        forget_unread(actor.pk)
    return changed


@login_required
def notification_list(request):
    mine = Notification.objects.filter(user=request.user).select_related("municipality").order_by(
        "-created_at", "-pk")
    filterset, page = list_page(request, NotificationFilter, mine)
    return render(request, "portal/notifications.html", {
        "page": page, "filter": filterset, "unread": mine.filter(read_at__isnull=True).count(),
    })


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(actor=request.user, ids=[notification.pk])
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    notifications_mark_read(actor=request.user)
    return redirect("notifications:list")
