"""The municipality analytics page lists only the rounds ``rounds_visible_to`` shows (issue 9):
a draft's title stays with those who may prepare rounds."""

from concepts.rounds.models import Round
from tests.concepts.factories import ConceptFactory
from tests.rounds.factories import RoundFactory, VersionFactory


def test_it_hides_a_draft_rounds_title_from_a_consultant_and_a_coordinator(client_for, consultant, coordinator, gestor, ostrava):
    version = VersionFactory(concept=ConceptFactory(municipality=ostrava))
    RoundFactory(version=version, status=Round.Status.DRAFT, title="Tajný návrh kola")
    RoundFactory(version=version, title="Veřejné kolo")
    for user in (consultant, coordinator):
        body = client_for(user).get("/m/ostrava/analytics/").content.decode()
        assert "Veřejné kolo" in body and "Tajný návrh kola" not in body
    assert "Tajný návrh kola" in client_for(gestor).get("/m/ostrava/analytics/").content.decode()


def test_it_answers_junk_parameters_without_an_error(client_for, consultant, ostrava):
    response = client_for(consultant).get("/m/ostrava/analytics/", {"page": "-1", "sort": "zzz", "status": "<script>"})
    assert response.status_code == 200 and "<script>" not in response.content.decode().split("<main", 1)[1]
