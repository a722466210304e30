from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def figure_links(row, app_links=False) -> dict[str, str]:
    """Where each figure of a dashboard row links: on the dashboard to the municipality's analytics
    page (at the matching section), on that page itself to the app the figure comes from."""
    slug = row.municipality.slug
    if app_links:
        return {
            "concept": reverse("concepts:concept_list", args=[slug]),
            "groups": reverse("workgroups:group_list", args=[slug]),
            "rounds": reverse("rounds:round_list", args=[slug]),
            "pilots": reverse("pilots:programme_list", args=[slug]),
            "indicators": _indicators(slug),
        }
    page = reverse("analytics:municipality_dashboard", args=[slug])
    links = {key: f"{page}#{key}" for key in ("concept", "groups", "rounds", "pilots")}
    links["indicators"] = _indicators(slug)
    return links


def _indicators(slug: str) -> str:
    """The matrix of "indicators and data" (all the consultant's municipalities by indicator)."""
    return reverse("consultant:indicator_matrix")


@register.simple_tag
def sparkline(trend, width=96, height=24):
    """A tiny inline SVG line of a target's shares by quarter (no script, no style attribute)."""
    points = [(q, r.share) for q, r in trend if r.share is not None]
    label = "; ".join(f"{q}: {r.part}/{r.total}" for q, r in trend) or _("no snapshot yet")
    if len(points) < 2:
        return format_html('<span class="small text-body-secondary">{}</span>', label)
    step = (width - 4) / (len(points) - 1)
    coords = " ".join(f"{2 + i * step:.1f},{height - 2 - (height - 4) * share:.1f}" for i, (_q, share) in enumerate(points))
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<title>{}</title><polyline fill="none" stroke="#0d6efd" stroke-width="2" points="{}"/></svg>',
        width, height, width, height, label, label, coords,
    )


@register.simple_tag
def reason_list(reasons):
    return format_html_join("", "<li>{}</li>", ((r.text,) for r in reasons))
