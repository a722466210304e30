from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptsConfig(AppConfig):
    name = "concepts"

    def ready(self) -> None:
        from portal import registry

        registry.register(hooks="concepts.hooks", demo="concepts.demo", nav=registry.NavSection(
            _("Concept"), "concepts:concept_list", ("concepts.view_concept",)))
