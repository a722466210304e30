"""The groups' contribution to the home page and the municipality overview (fixed query counts)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.hooks import Attention, Card

from .access import can_manage, groups_visible_to, sees_all_groups
from .models import ActionItem, GroupMember, Meeting, current_q
from .stats import steering_cadence, steering_cadence_many


def _week_bounds():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return today, monday + timedelta(days=7)


def attention_many(user, municipalities) -> dict[int, list[Attention]]:
    """This week's meetings of the user's groups, the user's overdue action items and, for those
    who run the groups, a steering team that has not met for more than 45 days. A fixed number of
    queries for any number of municipalities."""
    municipalities = list(municipalities)
    ids = [m.pk for m in municipalities]
    items: dict[int, list[Attention]] = {pk: [] for pk in ids}
    today, next_monday = _week_bounds()
    member_of = GroupMember.objects.filter(current_q(), user=user, group__municipality__in=ids).values("group_id")
    meetings = (
        Meeting.objects.filter(Q(group__in=member_of) | Q(group__methodologist=user) | Q(group__coordinator=user),
                               group__municipality__in=ids, starts_at__date__gte=today,
                               starts_at__date__lt=next_monday)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("group", "group__municipality").distinct().order_by("starts_at")
    )
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        items[meeting.group.municipality_id].append(Attention(
            text=_("Meeting %(title)s (%(group)s) on %(when)s") % {
                "title": meeting.title, "group": meeting.group.name, "when": local.strftime("%d. %m. %H:%M")},
            url=meeting.get_absolute_url(), level="info", due=local.date(),
        ))
    overdue = (
        ActionItem.objects.filter(assignee__user=user, meeting__group__municipality__in=ids,
                                  status=ActionItem.Status.OPEN, due_date__lt=today)
        .select_related("meeting", "meeting__group", "meeting__group__municipality").order_by("due_date")
    )
    for item in overdue:
        items[item.meeting.group.municipality_id].append(Attention(
            text=_("Overdue task: %(text)s") % {"text": item.text}, url=item.meeting.get_absolute_url() + "#actions",
            level="warning", due=item.due_date,
        ))
    runs = [m for m in municipalities if can_manage(user, m) or sees_all_groups(user, m)]
    cadences = steering_cadence_many(runs) if runs else {}
    for m in runs:
        cadence = cadences[m.pk]
        if cadence.flagged:
            text = (_("The steering team has not met yet.") if cadence.days_since is None else
                    ngettext("The steering team last met %(n)s day ago.", "The steering team last met %(n)s days ago.",
                             cadence.days_since) % {"n": cadence.days_since})
            items[m.pk].append(Attention(text=text, url=reverse("workgroups:group_list", args=[m.slug]),
                                         level="danger"))
    return items



def overview_card(user, municipality) -> Card | None:
    groups = groups_visible_to(user, municipality).filter(is_active=True)
    count = groups.count()
    sees_all = sees_all_groups(user, municipality)
    if not count and not sees_all:
        return None
    url = reverse("workgroups:group_list", args=[municipality.slug])
    if not sees_all:  # members and partners hear nothing about groups they are not in
        return Card(title=_("Groups"), url=url, figure=str(count), detail=_("Groups you belong to."), order=20)
    cadence = steering_cadence(municipality)
    if cadence.group is None:
        detail = _("No steering team yet.")
    elif cadence.days_since is None:
        detail = _("The steering team has not met yet.")
    else:
        detail = ngettext("The steering team last met %(n)s day ago.", "The steering team last met %(n)s days ago.",
                          cadence.days_since) % {"n": cadence.days_since}
        if cadence.flagged:
            detail = _("%(detail)s More than 45 days!") % {"detail": detail}
    return Card(title=_("Groups"), url=url, figure=str(count), detail=detail, order=20)
