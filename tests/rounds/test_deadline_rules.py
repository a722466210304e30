"""A started round's deadline cannot move before now, nor before a comment already received;
every change is audited and told to the invitees."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concepts.rounds import services
from concepts.rounds.models import Round
from portal.models import AuditEntry, Notification

from .factories import CommentFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def test_it_refuses_a_deadline_before_a_received_comment(open_round, gestor, partner, sections):
    invitation = InvitationFactory(round=open_round, user=partner)
    received = timezone.now() + timedelta(hours=2)  # a comment with a time later than the proposed deadline
    CommentFactory(round=open_round, section=sections[0], invitation=invitation, author=partner, created_at=received)
    with pytest.raises(ValidationError) as exc:
        services.round_update(round=open_round, actor=gestor, deadline=timezone.now() + timedelta(hours=1))
    assert "deadline" in exc.value.message_dict
    assert Round.objects.get(pk=open_round.pk).deadline == open_round.deadline


def test_it_refuses_a_deadline_in_the_past(open_round, gestor):
    from django.utils import translation

    with translation.override("cs"), pytest.raises(ValidationError) as exc:
        services.round_update(round=open_round, actor=gestor, deadline=timezone.now() - timedelta(minutes=1))
    assert "„Ukončit kolo nyní“" in exc.value.message_dict["deadline"][0]  # the button the page offers
    assert Round.objects.get(pk=open_round.pk).deadline == open_round.deadline


def test_a_later_deadline_is_audited_and_told(open_round, gestor, partner):
    InvitationFactory(round=open_round, user=partner)
    new = open_round.deadline + timedelta(days=2)
    services.round_update(round=open_round, actor=gestor, deadline=new)
    assert AuditEntry.objects.filter(object_id=str(open_round.pk), detail__has_key="deadline_to").exists()
    assert Notification.objects.filter(user=partner, subject__contains=open_round.title).exists()


def test_the_form_shows_the_refusal_next_to_the_deadline(client_for, gestor, open_round, partner, sections):
    from django.urls import reverse

    invitation = InvitationFactory(round=open_round, user=partner)
    CommentFactory(round=open_round, section=sections[0], invitation=invitation, author=partner)
    url = reverse("rounds:round_edit", args=[open_round.municipality.slug, open_round.pk])
    response = client_for(gestor).post(url, {
        "title": open_round.title, "version": open_round.version_id, "audience": open_round.audience,
        "deadline": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"), "reminder_days": "3, 1",
        "edit_version": open_round.edit_version,
    })
    assert response.status_code == 200
    assert response.context["form"].errors.get("deadline")
