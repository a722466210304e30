"""The consultant's indicator matrix, its rows built in Python (``indicators.matrix.Matrix``): a
template loop with an included badge per cell cost more than reading the data."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_BADGES = {  # status → (class, sign), as templates/analytics/partials/status_badge.html
    "off_track": ("text-bg-danger", "✕ "),
    "at_risk": ("text-bg-warning", "! "),
    "on_track": ("text-bg-success", "✓ "),
}


@register.simple_tag
def matrix_rows(matrix):
    """The ``<tr>`` of each municipality: its name (a link to its indicators), a cell per catalogue
    indicator (its status as a badge with a text label, a link to the indicator; or "not tracked")
    and the number of its own indicators off track. Every name and label is escaped here; the
    badges are built once per status, not once per cell."""
    if not matrix.rows:
        return mark_safe(  # noqa: S308 — escaped
            f'<tr><td colspan="{len(matrix.indicators) + 2}">{escape(_("No municipalities match."))}</td></tr>')
    badges: dict[tuple[str | None, bool], str] = {}
    by_hand = f' <span class="small">({escape(_("set by hand"))})</span>'
    untracked = f'<td><span class="text-body-secondary">{escape(_("not tracked"))}</span></td>'
    out = []
    for municipality, list_url, cells, own_off in matrix.rows:
        tds = []
        for cell in cells:
            if cell is None:
                tds.append(untracked)
                continue
            status = cell.status
            key = (status.status, status.overridden)
            badge = badges.get(key)
            if badge is None:
                css, sign = _BADGES.get(status.status, ("text-bg-light border", ""))
                badge = badges[key] = (f'<span class="badge {css}">{sign}{escape(str(status.label))}</span>'
                                       f'{by_hand if status.overridden else ""}\n')
            tds.append(f'<td><a href="{escape(cell.url)}">{badge}</a></td>')
        out.append(f'<tr>\n    <th scope="row"><a href="{escape(list_url)}">{escape(municipality.name)}</a></th>\n'
                   f'    {"".join(tds)}\n    <td>{own_off}</td>\n  </tr>')
    return mark_safe("".join(out))  # noqa: S308 — every value in it is escaped above
