"""Closing a round early: the confirmation lists silent invitees and pending requests for more
time; closing is audited, ends extensions, and every invitee is told."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.closing import round_close_early
from concepts.rounds.models import Round, RoundInvitation
from portal.models import AuditEntry, Notification

from .factories import CommentFactory, InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(open_round, partner, partner2, ngo, sections):
    commented = InvitationFactory(round=open_round, user=partner, organisation=ngo)
    CommentFactory(round=open_round, section=sections[0], invitation=commented, author=partner)
    silent = InvitationFactory(round=open_round, user=partner2, name="Jana Tichá")
    asking = InvitationFactory(round=open_round, email="spolek@example.cz", name="Spolek Domov",
                               extension_requested_at=timezone.now(), extension_reason="Schůze výboru",
                               extension_requested_until=open_round.deadline + timedelta(days=5))
    return commented, silent, asking


def test_it_confirms_with_the_silent_invitees_and_pending_requests(client_for, gestor, open_round, answered):
    url = reverse("rounds:round_close", args=[open_round.municipality.slug, open_round.pk])
    page = client_for(gestor).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jana Tichá" in html and "Spolek Domov" in html and "Schůze výboru" in html
    assert Round.objects.get(pk=open_round.pk).closed_early_at is None  # a GET closes nothing


def test_it_closes_audits_and_tells_every_invitee(client_for, gestor, open_round, answered, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    url = reverse("rounds:round_close", args=[open_round.municipality.slug, open_round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(gestor).post(url, {"confirm": "on"})
    assert response.status_code == 302
    round = Round.objects.get(pk=open_round.pk)
    assert round.closed_early_at is not None and round.state == Round.Status.CLOSED
    entry = AuditEntry.objects.filter(object_id=str(round.pk), detail__has_key="closed_early").get()
    assert entry.actor == gestor
    assert "spolek@example.cz" in entry.detail["pending_extensions_refused"]
    # Invitees with an account get a notification; the one without gets an e-mail.
    commented, silent, asking = answered
    assert Notification.objects.filter(user=commented.user, subject__contains=round.title).exists()
    assert Notification.objects.filter(user=silent.user, subject__contains=round.title).exists()
    assert "spolek@example.cz" in [m.to[0] for m in mailoutbox]
    assert RoundInvitation.objects.get(pk=asking.pk).extension_refused


def test_it_refuses_without_the_confirmation_tick(client_for, gestor, open_round, answered):
    url = reverse("rounds:round_close", args=[open_round.municipality.slug, open_round.pk])
    assert client_for(gestor).post(url, {}).status_code == 200
    assert Round.objects.get(pk=open_round.pk).closed_early_at is None


def test_it_ends_personal_extensions_too(open_round, gestor, answered):
    commented = answered[0]
    RoundInvitation.objects.filter(pk=commented.pk).update(extension_until=open_round.deadline + timedelta(days=3))
    now = timezone.now()
    round_close_early(round=open_round, actor=gestor, now=now)
    assert RoundInvitation.objects.get(pk=commented.pk).extension_until == now


def test_a_closed_round_cannot_be_closed_again(closed_round, gestor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        round_close_early(round=closed_round, actor=gestor)


def test_only_the_gestor_closes(client_for, writer, partner, outsider, open_round):
    url = reverse("rounds:round_close", args=[open_round.municipality.slug, open_round.pk])
    assert client_for(writer).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    from django.test import Client

    assert Client().get(url).status_code == 302


def test_reopening_is_audited_and_told_to_every_invitee(closed_round, gestor, partner, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    from concepts.rounds.services import round_reopen

    InvitationFactory(round=closed_round, user=partner)
    InvitationFactory(round=closed_round, email="spolek@example.cz", name="Spolek Domov")
    deadline = timezone.now() + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        round_reopen(round=closed_round, deadline=deadline, actor=gestor)
    entry = AuditEntry.objects.filter(object_id=str(closed_round.pk), detail__has_key="reopened_until").get()
    assert entry.actor == gestor and entry.detail["reopened_until"] == deadline.isoformat()
    assert Notification.objects.filter(user=partner, subject__contains=closed_round.title).count() == 1
    # One e-mail each: the invitee without an account directly, the partner through the notification
    # (e-mailed at once, as they chose).
    assert sorted(m.to[0] for m in mailoutbox if closed_round.title in m.subject) == [partner.email, "spolek@example.cz"]
