""""My comments" filters by kind, sorts and pages through its FilterSet (``MyCommentFilter``);
junk in the query string answers 200 and still offers nothing it should not."""

import pytest
from django.urls import reverse

from concepts.rounds import comment_services

pytestmark = pytest.mark.django_db

JUNK = "?page=-1&sort=zzz&kind=zzz&status=%3Cscript%3E"


def test_it_filters_and_sorts_my_comments(client_for, partner, open_round, invitation, sections):
    first = comment_services.comment_create(invitation=invitation, actor=partner, section=sections[1],
                                            kind="recommendation", text="Doplnit data.")
    second = comment_services.comment_create(invitation=invitation, actor=partner, section=sections[0],
                                             kind="essential", text="Chybí cíl.")
    client = client_for(partner)
    url = reverse("rounds:my_comments", args=[open_round.municipality.slug, open_round.pk])
    assert [c.pk for c in client.get(url).context["page"]] == [first.pk, second.pk]
    assert [c.pk for c in client.get(url + "?kind=essential").context["page"]] == [second.pk]
    assert [c.pk for c in client.get(url + "?sort=section").context["page"]] == [second.pk, first.pk]
    response = client.get(url + JUNK)
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"]] == [first.pk, second.pk]
    assert b"<script>" not in response.content.split(b"</head>")[-1].replace(b"<script src=", b"")
