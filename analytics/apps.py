from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"

    def ready(self):
        from portal import registry

        from . import access  # noqa: F401  (registers the indicator permissions)

        # concepts sits below analytics: it reaches the output indicators of its measures through this port.
        registry.register(providers={"measure_indicators": "analytics.indicators.measures"})
