from django import template
from django.urls import reverse

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
        }
    page = reverse("analytics:municipality_dashboard", args=[slug])
    return {key: f"{page}#{key}" for key in ("concept", "groups", "rounds", "pilots")}
