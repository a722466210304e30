from django.apps import AppConfig


class ConceptsConfig(AppConfig):
    name = "concepts"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="concepts.hooks", demo="concepts.demo")
