from __future__ import annotations

from datetime import date

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@register.simple_tag(takes_context=True)
def outline_rows(context, rows, *, counts, rollup, approved, can_edit, sections_url):
    """The lines of the outline (``selectors.outline_tree``), built here rather than by a template
    loop: one ``format_html`` per line, every text the users typed escaped by it. The labels are
    translated once per page, not once per line."""
    from concepts.models import MeasureStatus, SectionKind

    kinds = {value: str(label) for value, label in SectionKind.choices}
    statuses = {value: str(label) for value, label in MeasureStatus.choices}
    no_finding = format_html('<span class="text-warning-emphasis">{}</span>', _("no finding linked"))
    progress = _("progress")
    token = str(context.get("csrf_token", ""))
    out = []
    for row in rows:
        n = counts.get(row.uid) if counts else None
        comments = format_html('<span class="small" data-testid="comment-count">{}</span>', ngettext(
            "%(counter)s comment", "%(counter)s comments", n) % {"counter": n}) if n else ""
        details = ""
        if row.is_measure:
            details = format_html('<span class="small">{}</span>', ngettext(
                "%(counter)s finding", "%(counter)s findings", row.findings) % {"counter": row.findings}
                if row.findings else no_finding)
            if approved:
                details += format_html('<span class="small">{} · {} %</span>', statuses.get(row.status, row.status),
                                       row.progress)
        elif approved:
            r = rollup.get(row.pk) if rollup else None
            if r is not None and r.progress is not None:
                details = format_html('<span class="small">{} {} %</span>', progress, r.progress)
        out.append(format_html(
            '<li id="o-{}" class="outline-item outline-depth-{} d-flex flex-wrap align-items-center gap-2 py-1 '
            'border-bottom"><span class="outline-kind small text-body-secondary">{}</span>'
            '<a href="{}{}/" class="outline-title">{}{}</a>{}{}{}{}</li>',
            row.uid, row.depth, kinds.get(row.kind, row.kind), sections_url, row.pk,
            format_html('<span class="fw-semibold">{}</span> ', row.number) if row.number else "", row.title,
            format_html('<span class="badge text-bg-light border">{}</span>', row.drafting_group)
            if row.drafting_group else "",
            comments, details, _outline_actions(row, sections_url, token) if can_edit else "",
        ))
    return mark_safe("\n".join(out))  # noqa: S308 — every part is format_html's output


def _outline_actions(row, sections_url: str, token: str) -> str:
    """Add a goal or measure below, move up and down (the editor's buttons of one line)."""
    add = ""
    if row.is_priority:
        add = format_html('<a class="btn btn-sm btn-link" href="{}new/?kind=goal&amp;parent={}">{}</a>',
                          sections_url, row.pk, _("Add goal"))
    elif row.is_goal:
        add = format_html('<a class="btn btn-sm btn-link" href="{}new/?kind=measure&amp;parent={}">{}</a>',
                          sections_url, row.pk, _("Add measure"))
    move = (
        '<form method="post" action="{}{}/move/{}/"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button class="btn btn-sm btn-outline-secondary btn-touch" type="submit" aria-label="{}">{}</button></form>'
    )
    return format_html(
        '<span class="ms-auto d-flex gap-1">{}{}{}</span>', add,
        format_html(move, sections_url, row.pk, "up", token, _("Move %(t)s up") % {"t": row.title}, "↑"),
        format_html(move, sections_url, row.pk, "down", token, _("Move %(t)s down") % {"t": row.title}, "↓"),
    )
