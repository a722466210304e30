"""Bookkeeping of signed-in sessions (not business logic): start the session clocks and remember
the session, so that deactivating a person can end it (portal/people_services.py)."""

from __future__ import annotations


def on_login(sender, request, user, **kwargs) -> None:
    from .people_services import session_record
    from .session_middleware import start_session

    if request is None or not hasattr(request, "session"):
        return
    start_session(request, user)
    if not request.session.session_key:
        request.session.save()
    session_record(user=user, session_key=request.session.session_key)


def on_logout(sender, request, user, **kwargs) -> None:
    from .people_services import session_forget

    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        session_forget(session_key=request.session.session_key)
