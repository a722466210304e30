from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import municipalities_for
from .registry import NavSection, nav_sections

# The portal's own section; each app registers its own (portal/registry.py).
OVERVIEW = NavSection(_("Overview"), "municipality_detail", ("portal.view_municipality",))


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    municipalities = list(municipalities_for(user))
    current = getattr(request, "municipality", None)
    sections = []
    if current is not None:
        for label, url_name, perms in [OVERVIEW, *nav_sections()]:
            if any(user.has_perm(p, current) for p in perms):
                url = reverse(url_name, args=[current.slug])
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
