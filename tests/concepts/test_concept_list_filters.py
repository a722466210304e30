"""The concept list and the versions list filter, sort and page through their FilterSets
(concepts/filters.py); junk in the query string answers 200."""

from datetime import date

import pytest

from concepts.services import version_freeze

from .factories import ConceptFactory

JUNK = "?page=-1&sort=zzz&phase=zzz&q=%3Cscript%3E"


def test_it_redirects_a_list_of_one_only_when_nothing_is_asked(client_for, gestor, concept):
    client = client_for(gestor)
    assert client.get("/m/ostrava/concept/").status_code == 302
    response = client.get("/m/ostrava/concept/" + JUNK)
    assert response.status_code == 200 and b"<script>" not in response.content.split(b"</head>")[-1].replace(
        b"<script src=", b"")


def test_it_filters_and_sorts_the_concept_list(client_for, gestor, concept, ostrava):
    other = ConceptFactory(municipality=ostrava, title="Akční plán 2027")
    client = client_for(gestor)
    titles = [c.title for c in client.get("/m/ostrava/concept/?sort=title").context["page"]]
    assert titles == sorted([concept.title, other.title])
    found = [c.pk for c in client.get("/m/ostrava/concept/?q=akční&sort=-created").context["page"]]
    assert found == [other.pk]
    by_phase = client.get(f"/m/ostrava/concept/?phase={concept.phase}").context["page"]
    assert concept in list(by_phase)


@pytest.mark.django_db
def test_it_filters_and_sorts_the_versions(client_for, gestor, writer, concept):
    first = version_freeze(concept=concept, actor=writer, label="první", steering_approved_on=date(2026, 1, 10),
                           approval_note="ŘT")
    second = version_freeze(concept=concept, actor=writer, label="druhá", steering_approved_on=date(2026, 2, 10),
                            approval_note="ŘT")
    url = f"/m/ostrava/concept/{concept.pk}/versions/"
    client = client_for(gestor)
    assert [v.pk for v in client.get(url).context["page"]] == [second.pk, first.pk]
    assert [v.pk for v in client.get(url + "?sort=number").context["page"]] == [first.pk, second.pk]
    assert [v.pk for v in client.get(url + "?q=první").context["page"]] == [first.pk]
    assert client.get(url + JUNK).status_code == 200
