from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "pilots"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="pilots.hooks", demo="pilots.demo")
