"""Read-side queries other apps rely on: who belongs to which groups. Who may *see* them is an
access rule and lives in workgroups/access.py."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from portal.models import Municipality

from .models import GroupMember, current_q


def member_group_ids(user, municipality: Municipality) -> QuerySet:
    """Ids of the municipality's groups the user currently belongs to (as a subquery)."""
    return (
        GroupMember.objects.filter(current_q(), user=user, group__municipality=municipality)
        .values("group_id")
    )


def group_member_users(municipality: Municipality) -> QuerySet:
    """Distinct active users with accounts who currently belong to any group of the municipality."""
    User = get_user_model()
    memberships = GroupMember.objects.filter(
        current_q(), group__municipality=municipality, group__is_active=True, user__isnull=False
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("last_name", "first_name")
