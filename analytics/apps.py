from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"

    def ready(self) -> None:
        from portal import registry

        from . import access  # noqa: F401  (registers the indicator permissions)

        # concepts sits below analytics: it reaches the output indicators of its measures through this port.
        registry.register(
            hooks="analytics.hooks",  # the "needs attention" reasons on the home page and the overview
            demo="analytics.demo",  # datasets, indicators, cooperation, events (after the pilots, whose data it reads)
            nav=registry.NavSection(_("Analytics"), "analytics:municipality_dashboard", ("analytics.view_analytics",)),
            providers={"measure_indicators": "analytics.indicators.measures", "concept_charts": "analytics.embeds"},
        )
