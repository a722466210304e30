"""The number of a person's unread notifications, shown in the header of every page.

It is kept in the cache per person, so a page does not count again. It is dropped whenever one of
the person's notifications is saved or deleted (signals, portal/apps.py) or marked read
(``notification_views.notifications_mark_read``); the timeout bounds anything that changes
notifications without either (bulk writes of the demo data). A cache outage costs the count query.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction

from .models import Notification

log = logging.getLogger(__name__)

UNREAD_TIMEOUT = 60  # seconds


def _unread_key(user_id: int) -> str:
    return f"portal:unread:{user_id}"


def unread_count(user) -> int:
    """How many of this person's notifications are unread: from the cache, else one COUNT query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _unread_key(user.pk)
    # Stored with the person's date_joined, which tells them from another person with the same id
    # (another database, a test's).
    stamp = user.date_joined.timestamp() if user.date_joined else 0
    try:
        stored = cache.get(key)
    except Exception:  # a cache outage costs the query, never an error page
        log.warning("cache unavailable, counting unread notifications", exc_info=True)
        stored = None
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp:
        return stored[1]
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    try:
        cache.set(key, (stamp, count), timeout=UNREAD_TIMEOUT)
    except Exception:
        log.warning("cache unavailable, not storing the unread count", exc_info=True)
    return count


def forget_unread(user_id: int) -> None:
    """Drop a person's cached unread count now and again after the transaction commits (a page
    read in between would otherwise keep the count from before the change)."""
    key = _unread_key(user_id)

    def drop() -> None:
        try:
            cache.delete(key)
        except Exception:
            log.warning("cache unavailable, could not drop %s", key, exc_info=True)

    drop()
    transaction.on_commit(drop)


def on_notification_changed(sender, instance: Notification, **kwargs) -> None:
    """post_save / post_delete of a notification: its person's unread count changed."""
    forget_unread(instance.user_id)
