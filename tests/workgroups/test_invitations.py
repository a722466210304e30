"""Acceptance 2: the invitation task run twice sends each invitation once; the .ics parses."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from portal.aggregates import Bump
from portal.models import OutboxMessage, SentMessage
from workgroups import meeting_services as ms
from workgroups.tasks import send_meeting_invitations

from .factories import MemberFactory


@pytest.fixture
def invitees(working_group):
    return [
        MemberFactory(group=working_group, full_name="Eva Kučerová", email="eva@example.cz"),
        MemberFactory(group=working_group, full_name="Jan Novák", email="jan@example.cz"),
        MemberFactory(group=working_group, full_name="Bez E-mailu", email=""),
    ]


def _calendar(message) -> Calendar:
    (name, content, mimetype), = message.attachments
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_it_sends_each_invitation_once_when_the_task_runs_twice(
    meeting, invitees, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    meeting.agenda.create(position=1, title="Výběr klientů pro krizové bydlení")

    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_invite(meeting=meeting, actor=coordinator)  # the task runs once on commit…
    assert OutboxMessage.objects.filter(task_name="workgroups.tasks.send_meeting_invitations").count() == 1
    assert send_meeting_invitations(meeting.pk) == 0  # …and twice more, as a redelivered task would
    assert send_meeting_invitations(meeting.pk) == 0

    assert sorted(m.to[0] for m in mailoutbox) == ["eva@example.cz", "jan@example.cz"]
    assert SentMessage.objects.filter(key__startswith=f"meeting-invitation:{meeting.pk}:").count() == 2


def test_it_attaches_an_ics_that_a_standard_parser_reads(meeting, invitees, coordinator, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_invite(meeting=meeting, actor=coordinator)
        send_meeting_invitations(meeting.pk)

    calendar = _calendar(mailoutbox[0])
    assert calendar["method"] == "REQUEST"
    event, = calendar.walk("VEVENT")
    assert str(event["summary"]).startswith(meeting.title)
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at
    assert str(event["location"]).startswith("Nová radnice")
    assert int(event["sequence"]) == 0
    assert str(event["attendee"]).lower() == f"mailto:{mailoutbox[0].to[0]}"
    assert f"meeting-{meeting.uid}@" in str(event["uid"])


def test_it_sends_an_updated_invitation_once_when_the_time_changes(
    meeting, invitees, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_invite(meeting=meeting, actor=coordinator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_update(meeting=meeting, actor=coordinator, starts_at=meeting.starts_at + timedelta(days=1),
                          ends_at=meeting.ends_at + timedelta(days=1))
    send_meeting_invitations(meeting.pk)  # a redelivered task changes nothing

    assert len(mailoutbox) == 2
    event, = _calendar(mailoutbox[0]).walk("VEVENT")
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == meeting.starts_at + timedelta(days=1)


def test_it_does_not_resend_when_only_the_method_changes(
    meeting, invitees, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_invite(meeting=meeting, actor=coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ms.meeting_update(meeting=meeting, actor=coordinator, method="world_cafe")
    assert [c for c in callbacks if not isinstance(c, Bump)] == []  # only the cached figures are refreshed
    assert mailoutbox == []


def test_it_sends_a_cancellation(meeting, invitees, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_invite(meeting=meeting, actor=coordinator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_cancel(meeting=meeting, actor=coordinator)

    assert len(mailoutbox) == 2
    calendar = _calendar(mailoutbox[0])
    assert calendar["method"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["status"] == "CANCELLED"


def test_it_sends_nothing_before_the_meeting_is_announced(meeting, invitees, mailoutbox):
    assert send_meeting_invitations(meeting.pk) == 0
    assert mailoutbox == []


def test_it_does_not_invite_former_members(meeting, invitees, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    from workgroups.services import member_leave

    invitees[0].from_date = invitees[0].from_date.replace(year=2020)
    invitees[0].save()
    member_leave(member=invitees[0], actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        ms.meeting_invite(meeting=meeting, actor=coordinator)
    assert [m.to[0] for m in mailoutbox] == ["jan@example.cz"]


def test_it_shows_the_invite_button_only_to_those_who_run_groups(meeting, coordinator, writer, outsider, client_for, client):
    url = reverse("workgroups:meeting_invite", args=["ostrava", meeting.pk])
    assert client.post(url).status_code == 302 and "login" in client.post(url)["Location"]
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(writer).post(url).status_code == 403
    assert client_for(coordinator).post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.invited_at is not None
