"""Read-only queries every app shares."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Municipality


def people_in(municipality: Municipality, *roles: str) -> QuerySet:
    """Active users holding an active role in the municipality (any role when none is named),
    in the order a person looks for a name."""
    users = get_user_model().objects.filter(
        is_active=True, memberships__municipality=municipality, memberships__is_active=True
    )
    if roles:
        users = users.filter(memberships__role__in=roles)
    return users.distinct().order_by("last_name", "first_name")
