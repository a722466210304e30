from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "concepts.rounds"
    label = "rounds"

    def ready(self) -> None:
        from portal import registry

        registry.register(
            hooks="concepts.rounds.hooks", demo="concepts.rounds.demo",
            nav=registry.NavSection(_("Comment rounds"), "rounds:round_list", ("concepts.view_concept", "concepts.comment")),
            public_home="concepts.rounds.public_views.landing",
        )
