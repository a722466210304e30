from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"

    def ready(self):
        from . import access  # noqa: F401  (registers the indicator permissions)
