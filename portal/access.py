"""Access helpers for views: resolve a municipality from the URL for the signed-in user.

Someone with no role in the municipality gets 404, as if it did not exist; someone with a role
but without the permission gets 403 (or 404 with ``hide=True``, for things whose existence is
itself private, such as a draft a partner was not invited to).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Municipality
from .permissions import member_municipality


def municipality_for(user, slug: str, permission: str = "portal.view_municipality", *, hide: bool = False):
    if user.is_superuser:
        return get_object_or_404(Municipality, slug=slug)
    # Read with the user's memberships (one query per request, portal.permissions): a municipality
    # that does not exist and one where the user holds no role are the same 404.
    municipality = member_municipality(user, slug)
    if municipality is None:
        raise Http404
    if not user.has_perm(permission, municipality):
        if hide:
            raise Http404
        raise PermissionDenied
    return municipality


def municipality_view(permission: str = "portal.view_municipality", *, hide: bool = False):
    """Decorator: requires login, resolves ``municipality_slug`` and passes the municipality on.

    The municipality is also set on ``request.municipality`` for the navigation and breadcrumbs.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, municipality_slug: str, *args, **kwargs):
            municipality = municipality_for(request.user, municipality_slug, permission, hide=hide)
            request.municipality = municipality
            return view(request, municipality, *args, **kwargs)

        # The mark tests/portal/test_municipality_gate.py looks for (functools.wraps carries it
        # through the decorators stacked above, such as require_POST).
        wrapped.municipality_gate = permission
        return wrapped

    return decorator


def require_perm(user, permission: str, municipality, *, hide: bool = False) -> None:
    """A second check inside a view, for an action stricter than the page's."""
    if not user.has_perm(permission, municipality):
        raise Http404 if hide else PermissionDenied


def membership_for(municipality, pk: int):
    """A membership of this municipality, or 404 (another municipality's person does not exist here)."""
    from .models import Membership

    return get_object_or_404(Membership.objects.select_related("user", "organisation"), municipality=municipality, pk=pk)
