from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"

    def ready(self) -> None:
        from portal import registry

        registry.register(nav=registry.NavSection(
            _("Analytics"), "analytics:municipality_dashboard", ("analytics.view_analytics",)))
