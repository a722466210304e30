from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="pilots.hooks", demo="pilots.demo", nav=registry.NavSection(
            _("Pilots"), "pilots:programme_list", ("pilots.view_aggregates",)))
