import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concepts.rounds import services
from concepts.rounds.models import Round, RoundInvitation
from portal.models import Notification, Profile

from .factories import CommentFactory, InvitationFactory, RoundFactory, SettlementFactory


@pytest.fixture
def settled_public_round(version, gestor, partner, sections):
    round = RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC,
                         opens_at=timezone.now() - timedelta(days=20), deadline=timezone.now() - timedelta(days=5),
                         status=Round.Status.SETTLED)
    invitation = InvitationFactory(round=round, user=partner)
    own = CommentFactory(round=round, section=sections[0], invitation=invitation, author=partner, number=1, text="Partnerova")
    public = CommentFactory(round=round, section=sections[1], number=2, is_public=True, confirmed_at=timezone.now(),
                            moderation="approved", author_name="Jan Občan", author_email="jan@example.cz", text="Občanova")
    SettlementFactory(comment=own, outcome="accepted")
    SettlementFactory(comment=public, outcome="noted", justification="Zohledníme v akčním plánu.")
    return round


def test_publishing_tells_each_commenter_once(settled_public_round, gestor, partner, mailoutbox,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_publish(round=settled_public_round, actor=gestor)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([partner.email, "jan@example.cz"])
    with django_capture_on_commit_callbacks(execute=True):
        services.round_notify_settlements(round_id=settled_public_round.pk)
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(user=partner).count() == 1
    assert RoundInvitation.objects.get(user=partner).settlements_notified_at is not None

    # the public commenter's link shows their own settlement, without an account
    public_mail = next(m for m in mailoutbox if m.to == ["jan@example.cz"])
    path = re.search(r"/public/settlements/\S+/", public_mail.body).group(0)
    html = Client().get(path).content.decode()
    assert "Zohledníme v akčním plánu." in html and "Partnerova" not in html
    table = Client().get(reverse("public:table", args=["ostrava", settled_public_round.pk])).content.decode()
    assert "Partnerova" in table and "Jan Občan" not in table


def test_a_partner_who_chose_the_digest_gets_no_immediate_mail(settled_public_round, gestor, partner, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    Profile.objects.filter(user=partner).update(notification_mode=Profile.NotificationMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_publish(round=settled_public_round, actor=gestor)
    assert [m.to[0] for m in mailoutbox] == ["jan@example.cz"]
    assert Notification.objects.filter(user=partner, emailed_at__isnull=True).count() == 1


def test_only_a_settled_round_is_published(open_round, gestor):
    with pytest.raises(ValidationError):
        services.round_publish(round=open_round, actor=gestor)


def test_adding_people_to_a_running_round_invites_only_them(open_round, gestor, partner, partner2, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    open_round.invited_users.set([partner])
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(round_id=open_round.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_update(round=open_round, actor=gestor, invited_users=[partner, partner2])
    assert sorted(m.to[0] for m in mailoutbox) == sorted([partner.email, partner2.email])
    with pytest.raises(ValidationError):
        services.round_update(round=open_round, actor=gestor, audience=Round.Audience.PUBLIC)


def test_moderation_through_the_page(client_for, writer, version, sections):
    round = RoundFactory(version=version, audience=Round.Audience.PUBLIC)
    comment = CommentFactory(round=round, section=sections[0], number=None, is_public=True, moderation="pending",
                             confirmed_at=timezone.now(), author_email="x@x.cz")
    url = reverse("rounds:moderation", args=["ostrava", round.pk])
    assert comment.text in client_for(writer).get(url).content.decode()
    action = reverse("rounds:comment_moderate", args=["ostrava", round.pk, comment.pk])
    client_for(writer).post(action, {"action": "hide", "reason": "", "edit_version": comment.edit_version})
    comment.refresh_from_db()
    assert comment.moderation == "pending"
    client_for(writer).post(action, {"action": "approve", "edit_version": comment.edit_version})
    comment.refresh_from_db()
    assert comment.moderation == "approved" and comment.number == 1
