"""Session policy, checked on every request of a signed-in person:

* **Absolute lifetime** (``SESSION_ABSOLUTE_LIFETIME``): counted from sign-in, however busy.
* **Idle timeout**: ``SESSION_IDLE_TIMEOUT_IDENTITY`` (30 minutes) for the roles that see household
  identities, ``SESSION_IDLE_TIMEOUT`` (8 hours) for everyone else.
* **Second factor** (django-otp): a person who must use it (:func:`portal.permissions.otp_required`),
  or who chose to, is sent to verify it — or, without a device yet, to set one up — before any page.

A person whose memberships a gestor deactivated has no session left to check: the service ends
them (``portal.people_services.sessions_end_for``); an inactive account is refused here as well.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import otp_required, sees_household_identities

LOGIN_AT = "portal_login_at"
SEEN_AT = "portal_seen_at"
IDENTITY_ROLE = "portal_identity_role"  # (checked at, value): refreshed every few minutes
HAS_DEVICE = "portal_has_second_factor"
IDENTITY_REFRESH = 5 * 60
SEEN_RESOLUTION = 60  # write the session at most once a minute for activity alone

# Pages a person may reach before the second factor: signing in and out, the second factor itself.
UNCHECKED_PREFIXES = ("/healthz", "/static/")
OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/static/", "/i18n/", "/healthz")


def start_session(request, user) -> None:
    """Called on sign-in (signal in portal/apps.py): the clocks start now."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session.pop(IDENTITY_ROLE, None)
    request.session.pop(HAS_DEVICE, None)


def identity_role(request) -> bool:
    """Does this person see household identities? Cached in the session for a few minutes."""
    now = int(time.time())
    cached = request.session.get(IDENTITY_ROLE)
    if isinstance(cached, list) and len(cached) == 2 and now - cached[0] < IDENTITY_REFRESH:
        return bool(cached[1])
    value = sees_household_identities(request.user)
    request.session[IDENTITY_ROLE] = [now, value]
    return value


def has_second_factor(request) -> bool:
    """Has this person set up a second factor? Checked at sign-in, then every few minutes."""
    from django_otp import user_has_device

    now = int(time.time())
    cached = request.session.get(HAS_DEVICE)
    if isinstance(cached, list) and len(cached) == 2 and now - cached[0] < IDENTITY_REFRESH:
        return bool(cached[1])
    value = user_has_device(request.user, confirmed=True)
    request.session[HAS_DEVICE] = [now, value]
    return value


def idle_limit(request) -> int:
    return settings.SESSION_IDLE_TIMEOUT_IDENTITY if identity_role(request) else settings.SESSION_IDLE_TIMEOUT


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(UNCHECKED_PREFIXES):
            return self.get_response(request)  # never touches the session (healthz answers with the database down)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            refusal = self.check(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def check(self, request):
        user = request.user
        now = int(time.time())
        session = request.session
        if not user.is_active:
            return self.end(request, _("Your account was deactivated."))
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        if now - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
            return self.end(request, _("For your security you were signed out after a long session. Please sign in again."))
        if now - seen_at > idle_limit(request):
            return self.end(request, _("You were signed out after a period of inactivity. Please sign in again."))
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now
        if not request.path.startswith(OPEN_PREFIXES):
            return self.second_factor(request)
        return None

    def second_factor(self, request):
        user = request.user
        if user.is_verified():
            return None
        if has_second_factor(request):
            target = "otp_verify"
        elif otp_required(user, identity_role=identity_role(request)):
            target = "otp_setup"
        else:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    def end(self, request, message: str):
        next_url = request.get_full_path() if request.method == "GET" else "/"
        logout(request)
        messages.warning(request, message)
        return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")
