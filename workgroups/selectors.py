"""Read-side queries other apps rely on: who may see which groups, who belongs to them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from portal.models import Municipality

from .models import Group, GroupMember, Meeting, current_q


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


def member_group_ids(user, municipality: Municipality) -> QuerySet:
    """Ids of the municipality's groups the user currently belongs to (as a subquery)."""
    return (
        GroupMember.objects.filter(current_q(), user=user, group__municipality=municipality)
        .values("group_id")
    )


def current_members(group: Group) -> QuerySet[GroupMember]:
    return group.members.filter(current_q()).select_related("user", "organisation")


def group_member_users(municipality: Municipality) -> QuerySet:
    """Distinct active users with accounts who currently belong to any group of the municipality."""
    User = get_user_model()
    memberships = GroupMember.objects.filter(
        current_q(), group__municipality=municipality, group__is_active=True, user__isnull=False
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("last_name", "first_name")


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
