import factory

from concepts.models import Concept, Finding
from tests.factories import MunicipalityFactory


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Koncepce bydlení {n}")
    valid_from = 2025
    valid_to = 2030


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    concept = factory.SubFactory(ConceptFactory)
    statement = factory.Sequence(lambda n: f"Zjištění číslo {n}")
    source_kind = Finding.Source.DATASET
