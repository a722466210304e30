from datetime import timedelta

import pytest
from django.utils import timezone

from concepts.rounds import services
from concepts.rounds.models import Round, RoundInvitation
from concepts.rounds.tasks import rounds_tick
from portal.models import Invitation, SentMessage

from .factories import RoundFactory


@pytest.fixture
def scheduled(version, gestor, partner, partner2, ngo):
    round = RoundFactory(
        version=version, created_by=gestor, opens_at=timezone.now() + timedelta(hours=1),
        invited_emails="nova.osoba@example.cz\n",
    )
    round.invited_users.set([partner])
    round.invited_organisations.set([partner2.memberships.first().organisation])
    return round


def test_it_opens_nothing_before_the_opening_time(scheduled, mailoutbox):
    assert services.round_open(round_id=scheduled.pk) == 0
    assert not RoundInvitation.objects.exists()
    assert scheduled.state == Round.Status.SCHEDULED


def test_it_creates_one_invitation_per_invitee_and_mails_each_once(scheduled, partner, partner2, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    later = scheduled.opens_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        rounds_tick(now=later.isoformat())
    invitations = RoundInvitation.objects.filter(round=scheduled)
    assert sorted(invitations.values_list("email", flat=True)) == sorted(
        [partner.email, partner2.email, "nova.osoba@example.cz"]
    )
    round_mails = [m for m in mailoutbox if "připomínkování" in m.subject.lower() or scheduled.title in m.subject]
    assert sorted(m.to[0] for m in round_mails) == sorted([partner.email, partner2.email, "nova.osoba@example.cz"])
    # the person without an account got the portal's invitation (single-use link) pointing to the round
    portal_invitation = Invitation.objects.get(email="nova.osoba@example.cz")
    assert portal_invitation.next_url == scheduled.get_absolute_url()
    assert invitations.get(email="nova.osoba@example.cz").portal_invitation == portal_invitation

    sent_before = len(mailoutbox)
    rounds_tick(now=later.isoformat())
    services.round_open(round_id=scheduled.pk, now=later)  # the opening task, run again
    assert len(mailoutbox) == sent_before
    assert invitations.count() == 3
    assert SentMessage.objects.filter(key__startswith=f"round:{scheduled.pk}:invitation:").count() == 3
    assert Invitation.objects.filter(email="nova.osoba@example.cz").count() == 1


def test_it_invites_only_newcomers_when_reopened(closed_round, partner, partner2, gestor, mailoutbox,
                                                django_capture_on_commit_callbacks):
    closed_round.invited_users.set([partner])
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(round_id=closed_round.pk, now=closed_round.opens_at + timedelta(hours=1))
    assert len(mailoutbox) == 1
    closed_round.invited_users.add(partner2)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_reopen(round=closed_round, deadline=timezone.now() + timedelta(days=3), actor=gestor)
    closed_round.refresh_from_db()
    assert closed_round.state == Round.Status.OPEN
    # Besides the invitations, the invitees already there are told the round is open again.
    invitations = [m for m in mailoutbox if m.subject.split(":")[0] == mailoutbox[0].subject.split(":")[0]]
    assert sorted(m.to[0] for m in invitations) == sorted([partner.email, partner2.email])
    assert RoundInvitation.objects.filter(round=closed_round).count() == 2


def test_it_opens_at_once_when_asked(draft_round, partner, gestor, mailoutbox, django_capture_on_commit_callbacks):
    draft_round.opens_at = timezone.now() + timedelta(days=2)
    draft_round.save()
    draft_round.invited_users.set([partner])
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open_now(round=draft_round, actor=gestor)
    draft_round.refresh_from_db()
    assert draft_round.state == Round.Status.OPEN
    assert [m.to[0] for m in mailoutbox] == [partner.email]


def test_it_refuses_to_schedule_a_round_without_audience(draft_round, gestor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.round_schedule(round=draft_round, actor=gestor)


def test_the_state_comes_from_the_clock(open_round):
    now = timezone.now()
    assert open_round.state_at(open_round.opens_at - timedelta(seconds=1)) == Round.Status.SCHEDULED
    assert open_round.state_at(open_round.deadline - timedelta(seconds=1)) == Round.Status.OPEN
    assert open_round.state_at(open_round.deadline) == Round.Status.CLOSED
    annotated = Round.objects.with_state(now).get(pk=open_round.pk)
    assert annotated.state == Round.Status.OPEN
    assert Round.objects.with_state(open_round.deadline).get(pk=open_round.pk).state == Round.Status.CLOSED


def test_it_invites_all_group_members_for_the_members_audience(version, gestor, member, mailoutbox):
    from tests.workgroups.factories import GroupFactory, MemberFactory

    MemberFactory(group=GroupFactory(municipality=version.concept.municipality), user=member)
    round = RoundFactory(version=version, created_by=gestor, audience=Round.Audience.MEMBERS)
    services.round_open(round_id=round.pk)
    assert list(RoundInvitation.objects.filter(round=round).values_list("user", flat=True)) == [member.pk]
