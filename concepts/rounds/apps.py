from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "concepts.rounds"
    label = "rounds"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="concepts.rounds.hooks", demo="concepts.rounds.demo",
                          public_home="concepts.rounds.public_views.landing")
