from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the app's permissions)
