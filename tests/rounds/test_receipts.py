"""A partner sends their comments: a receipt page and e-mail with each comment's number, section
and kind; a change after sending makes a new receipt, which the gestor sees."""

import pytest
from django.urls import reverse

from concepts.rounds import comment_services
from concepts.rounds.models import Receipt, RoundInvitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def commented(invitation, partner, sections):
    comment = comment_services.comment_create(invitation=invitation, actor=partner, section=sections[2],
                                              kind="essential", text="Chybí kapacita krizového bydlení.")
    return comment


def _send(client, round):
    return client.post(reverse("rounds:comments_submit", args=[round.municipality.slug, round.pk]), {"confirm": "on"})


def test_it_sends_with_a_receipt_page_and_email(client_for, partner, open_round, commented, mailoutbox,
                                               django_capture_on_commit_callbacks):
    client = client_for(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, open_round)
    receipt = Receipt.objects.get()
    assert response.status_code == 302 and response.url == receipt.get_absolute_url()
    page = client.get(receipt.get_absolute_url()).content.decode()
    assert f"{commented.number}" in page and "Opatření 1.1 Krizové bydlení" in page and "zásadní" in page
    mail = [m for m in mailoutbox if "no. 1" in m.subject or "č. 1" in m.subject]
    assert len(mail) == 1 and mail[0].to == [partner.email]
    assert f"#{commented.number} · 3 Opatření 1.1 Krizové bydlení" in mail[0].body
    assert RoundInvitation.objects.get(user=partner).submitted_at is not None


def test_a_change_after_sending_makes_a_new_receipt(client_for, partner, gestor, open_round, invitation, commented,
                                                    sections, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(client_for(partner), open_round)
        comment_services.comment_update(comment=commented, actor=partner, kind="recommendation", text="Jinak.")
    receipts = list(Receipt.objects.order_by("number"))
    assert [r.number for r in receipts] == [1, 2]
    assert receipts[1].items[0]["kind"] == "recommendation"
    assert len({m.subject for m in mailoutbox if "receipt" in m.subject.lower() or "potvrzení" in m.subject.lower()}) == 2
    # The gestor's list shows who sent, with the latest receipt.
    page = client_for(gestor).get(reverse("rounds:invitation_list", args=[open_round.municipality.slug, open_round.pk]))
    html = page.content.decode()
    assert reverse("rounds:receipt_for_gestor", args=[open_round.municipality.slug, open_round.pk, receipts[1].pk]) in html


def test_nothing_to_send_without_comments(client_for, partner, open_round, invitation):
    _send(client_for(partner), open_round)
    assert not Receipt.objects.exists()


def test_no_receipt_of_someone_else(client_for, partner, partner2, open_round, invitation, commented):
    _send(client_for(partner), open_round)
    url = Receipt.objects.get().get_absolute_url()
    assert client_for(partner2).get(url).status_code == 404


def test_the_list_tells_sent_no_comments_and_silent_apart(client_for, gestor, partner, partner2, open_round,
                                                          invitation, commented):
    from concepts.rounds.services import invitation_declare_no_comments

    from .factories import InvitationFactory

    _send(client_for(partner), open_round)
    declared = InvitationFactory(round=open_round, user=partner2)
    invitation_declare_no_comments(invitation=declared)
    InvitationFactory(round=open_round, email="ticho@example.cz")
    url = reverse("rounds:invitation_list", args=[open_round.municipality.slug, open_round.pk])
    client = client_for(gestor)
    for answer, email in (("submitted", partner.email), ("none", partner2.email), ("silent", "ticho@example.cz")):
        page = client.get(url, {"answer": answer})
        assert [i.email for i in page.context["page"].object_list] == [email]
    assert client.get(url, {"answer": "<script>", "page": "-1", "sort": "zzz"}).status_code == 200
