from django import template

from portal.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of this person's notifications are unread (one COUNT query), for the header."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
