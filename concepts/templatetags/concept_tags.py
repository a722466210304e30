from __future__ import annotations

from datetime import date

from django import template
from django.utils import formats

from portal.formatting import cz_czk, cz_quantity

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
    """``4 000 Kč``: no-break spaces, so that the figure never breaks across lines."""
    return cz_czk(value)


@register.filter
def quantity(value, unit=""):
    """``40 bytů`` (not ``40.00 byt``)."""
    return cz_quantity(value, unit)


@register.inclusion_tag("concepts/partials/phase_stepper.html")
def phase_stepper(user, municipality):
    """The phases of the municipality's current concept, the current one marked (for the overview)."""
    from concepts.models import Concept, Phase

    if not user.has_perm("concepts.view_concept", municipality):
        return {"concept": None}
    concept = Concept.objects.filter(municipality=municipality).order_by("-created_at").first()
    if concept is None:
        return {"concept": None}
    return {"concept": concept, "steps": [(value, label, value == concept.phase) for value, label in Phase.choices]}
