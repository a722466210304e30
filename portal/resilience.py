"""HTTP policies of the whole portal, applied by path and response, so no view has to remember them.

- :class:`DatabaseUnavailableMiddleware` and :func:`server_error` (``handler500``): the database
  down (or any ``OperationalError``/``InterfaceError``) answers a 503 page with ``Retry-After``
  on every page, rendered without touching the database; Django drops the broken connection at
  the end of the request, so the next request after recovery connects afresh.
- :class:`CacheControlMiddleware`: household pages and every download are ``no-store``; every
  other page of a signed-in user is ``private``.
"""

from __future__ import annotations

import logging
import re
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)

# Pages that show households (pseudonymous or identified) must never be kept by a browser or proxy.
NO_STORE_PATHS = [re.compile(pattern) for pattern in (r"^/m/[^/]+/pilots/(households|referrals|placements|follow-ups|plans|goals|contacts)(/|$)",)]


def unavailable_response(request=None) -> HttpResponse:
    """The 503 page. Rendered with no request context: no context processor may query the database."""
    body = render_to_string("503.html", {"retry_after": settings.DATABASE_RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


class DatabaseUnavailableMiddleware:
    """Outermost but for security: a database error raised by a view becomes the 503 page.
    Errors raised by other middleware (sessions, authentication) reach :func:`server_error`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("database unavailable: %r", exception)
            return unavailable_response(request)
        return None


def server_error(request, template_name: str = "500.html"):
    """``handler500``: a database error anywhere in the request is a 503, not a 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return unavailable_response(request)
    try:
        return defaults.server_error(request, template_name=template_name)
    except DATABASE_ERRORS:  # the 500 page itself needed the database
        return unavailable_response(request)


def _is_download(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    return isinstance(response, StreamingHttpResponse) or disposition.lower().startswith("attachment")


class CacheControlMiddleware:
    """``no-store`` for household pages and downloads; ``private`` for any other page of a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if any(pattern.match(request.path_info) for pattern in NO_STORE_PATHS) or _is_download(response):
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        elif _signed_in(request) and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    try:
        return bool(user is not None and user.is_authenticated)
    except DATABASE_ERRORS:
        return False
