from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _

from .permissions import member_municipalities
from .registry import NavSection, nav_sections

# The portal's own section; each app registers its own (portal/registry.py).
OVERVIEW = NavSection(_("Overview"), "municipality_detail", ("portal.view_municipality",))
#: The municipality menu lists this many at most (a consultant may follow hundreds); the menu then
#: links to the home page, which lists them all, page by page.
NAV_MUNICIPALITIES = 12


def navigation(request):
    """The navigation bar's data, computed only when a template reads it (partials and pages
    without the bar pay nothing), and then once per request."""
    nav = _Navigation(request)
    return {
        "nav_municipalities": SimpleLazyObject(lambda: nav.municipalities),
        "nav_more_municipalities": SimpleLazyObject(lambda: nav.more),
        "nav_current": getattr(request, "municipality", None),
        "nav_sections": SimpleLazyObject(lambda: nav.sections),
        "nav_dashboard": SimpleLazyObject(lambda: nav.dashboard),
    }


class _Navigation:
    def __init__(self, request):
        self.request = request

    @cached_property
    def _first(self) -> list:
        """The first menu's worth and one more (to know whether there are more): from the
        memberships the municipality gate read, or else one short query."""
        return member_municipalities(self.request.user, NAV_MUNICIPALITIES + 1)

    @cached_property
    def municipalities(self) -> list:
        return self._first[:NAV_MUNICIPALITIES]

    @cached_property
    def more(self) -> bool:
        return len(self._first) > NAV_MUNICIPALITIES

    @cached_property
    def sections(self) -> list[dict]:
        request, user = self.request, self.request.user
        current = getattr(request, "municipality", None)
        sections = []
        if current is None or not user.is_authenticated:
            return sections
        for label, url_name, perms in [OVERVIEW, *nav_sections()]:
            if any(user.has_perm(p, current) for p in perms):
                url = reverse(url_name, args=[current.slug])
                sections.append({"label": label, "url": url, "active": request.path.startswith(url) and (
                    url_name != "municipality_detail" or request.path == url)})
        return sections

    @cached_property
    def dashboard(self) -> bool:
        # Consultants (and anyone analysing several municipalities) get the cross-municipality dashboard.
        user, municipalities = self.request.user, self.municipalities
        if len(municipalities) <= 1:
            return False
        return user.is_superuser or any(user.has_perm("analytics.view_analytics", m) for m in municipalities)
