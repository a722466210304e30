"""Telling people about events, at once or in a daily digest, as each person chose."""

from __future__ import annotations

from .models import Municipality, Notification, Profile
from .outbox import enqueue


def get_profile(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def notify(*, user, subject: str, body: str, url: str = "", municipality: Municipality | None = None) -> Notification:
    """Record a notification; e-mail it after commit unless the person chose the daily digest."""
    notification = Notification.objects.create(
        user=user, municipality=municipality, subject=subject[:255], body=body, url=url
    )
    if get_profile(user).notification_mode == Profile.NotificationMode.IMMEDIATE and user.email:
        from .tasks import send_notification_email

        notification_id = notification.pk
        enqueue(send_notification_email, notification_id)
    return notification
