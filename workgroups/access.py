"""Object access for groups and meetings. Views fetch tenant objects only through these helpers.

A group the user may not see answers 404, exactly like one that does not exist, so a partner
cannot learn which groups exist from the URLs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import Municipality
from portal.permissions import municipalities_for

from .models import ActionItem, Group, GroupMember, Meeting, MeetingAttachment, Milestone, current_q
from .selectors import member_group_ids

# --- who sees which groups ------------------------------------------------------------------


def sees_all_groups(user, municipality: Municipality) -> bool:
    """Gestor, writer, coordinator and consultant see every group (DESIGN §4)."""
    return user.is_superuser or user.has_perm("workgroups.view_all_groups", municipality)


def groups_visible_to(user, municipality: Municipality) -> QuerySet[Group]:
    """The municipality's groups this user may see: all of them for gestor, writer, coordinator and
    consultant; for social workers, members and partners only those they currently belong to."""
    groups = Group.objects.filter(municipality=municipality)
    if not getattr(user, "is_authenticated", False):
        return groups.none()
    if sees_all_groups(user, municipality):
        return groups
    if not user.has_perm("workgroups.view_own_groups", municipality):
        return groups.none()
    return groups.filter(pk__in=member_group_ids(user, municipality))


def meetings_visible_to(user, municipality: Municipality) -> QuerySet[Meeting]:
    return Meeting.objects.filter(group__in=groups_visible_to(user, municipality))


def own_meetings(user) -> QuerySet[Meeting]:
    """Meetings of the groups a user belongs to, leads as methodologist or coordinator, in any
    municipality where the user still holds a role. Used by the calendar feed and the home page."""
    member_of = GroupMember.objects.filter(current_q(), user=user).values("group_id")
    return Meeting.objects.filter(
        Q(group__in=member_of) | Q(group__methodologist=user) | Q(group__coordinator=user),
        group__municipality__memberships__user=user,
        group__municipality__memberships__is_active=True,
    ).distinct()


def feed_milestones(user) -> QuerySet[Milestone]:
    """Milestones of municipalities where the user sees all groups or belongs to a group (the
    personal calendar feed), cancelled ones left out."""
    member_of = GroupMember.objects.filter(current_q(), user=user).values("group__municipality_id")
    return Milestone.objects.filter(
        Q(municipality__in=municipalities_for(user, "workgroups.view_all_groups")) | Q(municipality__in=member_of),
    ).exclude(status=Milestone.Status.CANCELLED).select_related("municipality").distinct()


# --- what a user may do -----------------------------------------------------------------------


def can_manage(user, municipality: Municipality) -> bool:
    return user.is_superuser or user.has_perm("workgroups.manage_groups", municipality)


def can_write_minutes(user, municipality: Municipality) -> bool:
    return user.is_superuser or user.has_perm("workgroups.write_minutes", municipality)


def can_raise_limit(user, municipality: Municipality) -> bool:
    return user.is_superuser or user.has_perm("workgroups.raise_group_limit", municipality)


def can_make_findings(user, municipality: Municipality) -> bool:
    """Turning a focus-group output into a finding: those who write minutes and may edit the concept."""
    return can_write_minutes(user, municipality) and (user.is_superuser or user.has_perm("concepts.edit_concept",
                                                                                        municipality))


def can_see_schedule(user, municipality: Municipality) -> bool:
    """The schedule: those who see all groups, and anyone who belongs to at least one group."""
    return sees_all_groups(user, municipality) or groups_visible_to(user, municipality).exists()


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def group_for(user, municipality: Municipality, pk: int) -> Group:
    return get_object_or_404(groups_visible_to(user, municipality), pk=pk)


def member_for(user, municipality: Municipality, group_pk: int, pk: int) -> GroupMember:
    group = group_for(user, municipality, group_pk)
    return get_object_or_404(GroupMember.objects.select_related("group"), group=group, pk=pk)


def meeting_for(user, municipality: Municipality, pk: int) -> Meeting:
    meetings = Meeting.objects.select_related("group", "group__municipality")
    return get_object_or_404(meetings, group__in=groups_visible_to(user, municipality), pk=pk)


def attachment_for(user, municipality: Municipality, meeting_pk: int, pk: int) -> MeetingAttachment:
    meeting = meeting_for(user, municipality, meeting_pk)
    return get_object_or_404(MeetingAttachment, meeting=meeting, pk=pk)


def action_item_for(user, municipality: Municipality, pk: int) -> ActionItem:
    items = ActionItem.objects.select_related("meeting", "meeting__group", "assignee")
    return get_object_or_404(items, meeting__group__in=groups_visible_to(user, municipality), pk=pk)


def can_update_action_item(user, municipality: Municipality, item: ActionItem) -> bool:
    """Those who write minutes, and the assignee themself (to mark their task done)."""
    if can_write_minutes(user, municipality):
        return True
    return item.assignee is not None and item.assignee.user_id == user.pk


def milestone_for(municipality: Municipality, pk: int) -> Milestone:
    return get_object_or_404(Milestone, municipality=municipality, pk=pk)
