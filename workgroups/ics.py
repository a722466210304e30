"""iCalendar (RFC 5545) for meeting invitations and the personal calendar feed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from portal.mail import absolute_url

from .models import Meeting, Milestone

PRODID = "-//Agentura pro socialni zaclenovani//Portal koncepce bydleni//CS"
DOMAIN = settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "portal.local"


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def meeting_event(meeting: Meeting, *, attendee: tuple[str, str] | None = None) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.uid}@{DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{meeting.title} ({meeting.group.name})")
    location = ", ".join(p for p in (meeting.place, meeting.online_url) if p)
    if location:
        event.add("location", location)
    description = [f"{meeting.group.name}: {meeting.get_method_display()}"]
    description += [f"{i}. {item.title}" for i, item in enumerate(meeting.agenda.all(), start=1)]
    description.append(absolute_url(meeting.get_absolute_url()))
    event.add("description", "\n".join(description))
    event.add("url", absolute_url(meeting.get_absolute_url()))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    if attendee:
        name, email = attendee
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address, encode=0)
        organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
        organizer.params["cn"] = vText(meeting.group.municipality.name)
        event.add("organizer", organizer, encode=0)
    return event


def invitation_ics(meeting: Meeting, *, name: str, email: str) -> bytes:
    """A REQUEST (or CANCEL) for one invitee, as mail clients expect it attached to the e-mail."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    cal = _calendar(method="CANCEL" if cancelled else "REQUEST")
    cal.add_component(meeting_event(meeting, attendee=(name, email)))
    return cal.to_ical()


def milestone_event(milestone: Milestone) -> Event:
    event = Event()
    event.add("uid", f"milestone-{milestone.uid}@{DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", milestone.due_date)
    event.add("dtend", milestone.due_date + timedelta(days=1))
    event.add("summary", f"{milestone.municipality.name}: {milestone.title}")
    event.add("description", f"{milestone.get_phase_display()} · {milestone.get_status_display()}\n{milestone.description}")
    event.add("transp", "TRANSPARENT")
    return event


def feed_ics(meetings: Iterable[Meeting], milestones: Iterable[Milestone], *, name: str) -> bytes:
    cal = _calendar(name=name)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    for milestone in milestones:
        cal.add_component(milestone_event(milestone))
    return cal.to_ical()
