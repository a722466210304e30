from __future__ import annotations

from datetime import date

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ counts|get_item:section.pk }}`` — a value from a dict, or None."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def isodate(value):
    """A date kept as ISO text in a frozen version, shown in the current locale's short format."""
    if not value:
        return ""
    try:
        return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return value


@register.filter
def czk(value):
    if value is None or value == "":
        return ""
    return f"{formats.number_format(value, force_grouping=True)} Kč"
