from datetime import timedelta

from django.utils import timezone

from concepts.rounds import comment_services, services
from concepts.rounds.models import RoundInvitation
from concepts.rounds.tasks import rounds_tick

from .factories import InvitationFactory


def _silent_round(open_round, partner, partner2, member, sections):
    """Three invitees, invited a week before the deadline: one comments, one has no comments, one is silent."""
    open_round.deadline = timezone.now() + timedelta(days=5)
    open_round.save()
    invited_at = open_round.deadline - timedelta(days=7)
    for user in (partner, partner2, member):
        InvitationFactory(round=open_round, user=user)
    RoundInvitation.objects.filter(round=open_round).update(created_at=invited_at)
    a, b = (RoundInvitation.objects.get(round=open_round, user=u) for u in (partner, partner2))
    comment_services.comment_create(invitation=a, actor=partner, section=sections[0], kind="essential", text="Text")
    services.invitation_declare_no_comments(invitation=b)
    return open_round


def test_it_reminds_only_the_silent_invitee_once_per_reminder(open_round, partner, partner2, member, sections, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    round = _silent_round(open_round, partner, partner2, member, sections)
    assert services.round_send_reminders(round=round, now=round.deadline - timedelta(days=4)) == 0
    three_days = round.deadline - timedelta(days=3) + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the task's commit
        rounds_tick(now=three_days.isoformat())
        rounds_tick(now=three_days.isoformat())
    assert [m.to for m in mailoutbox] == [[member.email]]
    with django_capture_on_commit_callbacks(execute=True):
        rounds_tick(now=(round.deadline - timedelta(hours=23)).isoformat())
    assert [m.to for m in mailoutbox] == [[member.email], [member.email]]
    with django_capture_on_commit_callbacks(execute=True):
        rounds_tick(now=(round.deadline - timedelta(hours=1)).isoformat())
    assert len(mailoutbox) == 2


def test_it_sends_only_the_latest_due_reminder_and_none_after_the_deadline(open_round, partner, partner2, member, sections, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    round = _silent_round(open_round, partner, partner2, member, sections)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_send_reminders(round=round, now=round.deadline - timedelta(hours=2))
    assert len(mailoutbox) == 1
    assert services.round_send_reminders(round=round, now=round.deadline) == 0


def test_offsets_are_configurable(open_round, partner, partner2, member, sections, mailoutbox):
    round = _silent_round(open_round, partner, partner2, member, sections)
    round.reminder_days = [2]
    round.save()
    assert services.round_send_reminders(round=round, now=round.deadline - timedelta(days=3)) == 0
    assert services.round_send_reminders(round=round, now=round.deadline - timedelta(days=2)) == 1


def test_an_extension_moves_the_reminders(open_round, partner, partner2, member, sections, gestor, mailoutbox):
    round = _silent_round(open_round, partner, partner2, member, sections)
    silent = RoundInvitation.objects.get(round=round, user=member)
    services.extension_decide(invitation=silent, grant=True, until=round.deadline + timedelta(days=10), actor=gestor)
    assert services.round_send_reminders(round=round, now=round.deadline - timedelta(hours=2)) == 0
    silent.refresh_from_db()
    assert services.round_send_reminders(round=round, now=silent.deadline - timedelta(hours=2)) == 1


def test_closing_happens_once_after_the_last_deadline(open_round, partner, gestor, writer, sections):
    from portal.models import Notification

    InvitationFactory(round=open_round, user=partner)
    assert not services.round_close(round=open_round, now=open_round.deadline - timedelta(seconds=1))
    rounds_tick(now=open_round.deadline.isoformat())
    rounds_tick(now=(open_round.deadline + timedelta(minutes=1)).isoformat())
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["gestor", "metodik"]
