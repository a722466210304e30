from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import municipalities_for

# (label, url name, permissions any of which shows the section)
SECTIONS = [
    (_("Overview"), "municipality_detail", ("portal.view_municipality",)),
    (_("Groups"), "workgroups:group_list", ("workgroups.view_all_groups", "workgroups.view_own_groups")),
    (_("Concept"), "concepts:concept_list", ("concepts.view_concept",)),
    (_("Comment rounds"), "rounds:round_list", ("concepts.view_concept", "concepts.comment")),
    (_("Pilots"), "pilots:programme_list", ("pilots.view_aggregates",)),
    (_("Analytics"), "analytics:municipality_dashboard", ("analytics.view_analytics",)),
]


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    municipalities = list(municipalities_for(user))
    current = getattr(request, "municipality", None)
    sections = []
    if current is not None:
        for label, url_name, perms in SECTIONS:
            if any(user.has_perm(p, current) for p in perms):
                try:
                    url = reverse(url_name, args=[current.slug])
                except NoReverseMatch:
                    continue
                sections.append({"label": label, "url": url, "active": request.path.startswith(url) and (
                    url_name != "municipality_detail" or request.path == url)})
    # Consultants (and anyone analysing several municipalities) get the cross-municipality dashboard.
    show_dashboard = user.is_superuser or any(user.has_perm("analytics.view_analytics", m) for m in municipalities)
    return {
        "nav_municipalities": municipalities,
        "nav_current": current,
        "nav_sections": sections,
        "nav_dashboard": show_dashboard and len(municipalities) > 1,
    }
