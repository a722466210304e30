from __future__ import annotations

from datetime import date
from html import escape

from django import template
from django.utils import formats
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
    loop, as plain strings: every text the users typed goes through ``escape`` once, as
    ``format_html`` would (numbers and uids need none); the labels and the links' prefix are
    translated and escaped once per page, the "3 comments" and "2 findings" once per count (a
    ``format_html`` per part cost more than the rest of the page)."""
    from concepts.models import MeasureStatus, SectionKind

    kinds = {value: escape(str(label)) for value, label in SectionKind.choices}
    statuses = {value: escape(str(label)) for value, label in MeasureStatus.choices}
    no_finding = escape(_("no finding linked"))  # not inside the f-string: makemessages would not find it
    no_finding = f'<span class="small"><span class="text-warning-emphasis">{no_finding}</span></span>'
    progress = escape(_("progress"))
    url = escape(sections_url)
    actions = _OutlineActions(url, escape(str(context.get("csrf_token", "")))) if can_edit else None
    comment_texts: dict[int, str] = {}
    finding_texts: dict[int, str] = {}
    out = []
    for row in rows:
        n = counts.get(row.uid) if counts else None
        comments = ""
        if n:
            if n not in comment_texts:
                comment_texts[n] = escape(ngettext("%(counter)s comment", "%(counter)s comments", n) % {"counter": n})
            comments = f'<span class="small" data-testid="comment-count">{comment_texts[n]}</span>'
        details = ""
        if row.is_measure:
            if row.findings:
                f = row.findings
                if f not in finding_texts:
                    finding_texts[f] = escape(ngettext("%(counter)s finding", "%(counter)s findings", f) % {"counter": f})
                details = f'<span class="small">{finding_texts[f]}</span>'
            else:
                details = no_finding
            if approved:
                details += (f'<span class="small">{statuses.get(row.status) or escape(row.status)} · '
                            f'{int(row.progress)} %</span>')
        elif approved:
            r = rollup.get(row.pk) if rollup else None
            if r is not None and r.progress is not None:
                details = f'<span class="small">{progress} {int(r.progress)} %</span>'
        number = f'<span class="fw-semibold">{escape(row.number)}</span> ' if row.number else ""
        group = f'<span class="badge text-bg-light border">{escape(row.drafting_group)}</span>' if row.drafting_group else ""
        title = escape(row.title)
        out.append(
            f'<li id="o-{row.uid}" class="outline-item outline-depth-{int(row.depth)} d-flex '
            f'flex-wrap align-items-center gap-2 py-1 border-bottom"><span class="outline-kind small '
            f'text-body-secondary">{kinds.get(row.kind) or escape(row.kind)}</span><a href="{url}{int(row.pk)}/" '
            f'class="outline-title">{number}{title}</a>{group}{comments}{details}'
            f'{actions(row, title) if actions else ""}</li>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 — every value escaped above


class _OutlineActions:
    """Add a goal or measure below, move up and down (the editor's buttons of one line)."""

    def __init__(self, url: str, token: str):
        self.url = url
        self.token = token
        self.add_goal = escape(_("Add goal"))
        self.add_measure = escape(_("Add measure"))
        # Escaped once: escaping leaves "%(t)s" as it is, so the escaped title goes in per line.
        self.up, self.down = escape(_("Move %(t)s up")), escape(_("Move %(t)s down"))

    def _move(self, row, direction: str, label: str, arrow: str) -> str:
        return (f'<form method="post" action="{self.url}{row.pk}/move/{direction}/"><input type="hidden" '
                f'name="csrfmiddlewaretoken" value="{self.token}"><button class="btn btn-sm btn-outline-secondary '
                f'btn-touch" type="submit" aria-label="{label}">{arrow}</button></form>')

    def __call__(self, row, title: str) -> str:
        """``title``: the line's title, already escaped."""
        add = ""
        if row.is_priority:
            add = (f'<a class="btn btn-sm btn-link" href="{self.url}new/?kind=goal&amp;parent={row.pk}">'
                   f'{self.add_goal}</a>')
        elif row.is_goal:
            add = (f'<a class="btn btn-sm btn-link" href="{self.url}new/?kind=measure&amp;parent={row.pk}">'
                   f'{self.add_measure}</a>')
        up, down = self.up % {"t": title}, self.down % {"t": title}
        return (f'<span class="ms-auto d-flex gap-1">{add}{self._move(row, "up", up, "↑")}'
                f'{self._move(row, "down", down, "↓")}</span>')
