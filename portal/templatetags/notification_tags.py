from django import template

from portal.unread import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """How many of this person's notifications are unread, for the header (kept in the cache per
    person: portal.unread.unread_count)."""
    return unread_count(user)
