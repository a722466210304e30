"""Acceptance 5: the calendar feed works with a token and gives 404 after the token is revoked."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from workgroups import services
from workgroups.models import CalendarFeed, hash_token

from .factories import MeetingFactory, MilestoneFactory


def feed_url(token):
    return reverse("feeds:feed", args=[token])


def test_it_serves_the_users_meetings_and_milestones_then_404_after_revoking(
    working_group, other_group, partner, memberships, client
):
    mine = MeetingFactory(group=working_group, title="Jednání mé skupiny")
    MeetingFactory(group=other_group, title="Cizí jednání")
    MilestoneFactory(municipality=working_group.municipality, title="Dokončení analýzy")
    _feed, token = services.feed_create(actor=partner)

    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Jednání mé skupiny") for s in summaries)
    assert not any(s.startswith("Cizí jednání") for s in summaries)
    assert any("Dokončení analýzy" in s for s in summaries)
    event = next(e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Jednání mé skupiny"))
    assert event.decoded("dtstart") == mine.starts_at

    services.feed_revoke(actor=partner)
    assert client.get(feed_url(token)).status_code == 404


def test_it_is_404_for_an_unknown_token(db, client):
    assert client.get(feed_url("nesmysl")).status_code == 404


def test_it_stores_only_a_hash_of_the_token(partner):
    feed, token = services.feed_create(actor=partner)
    assert feed.token_hash == hash_token(token)
    assert token not in {feed.token_hash, feed.token_hint}


def test_it_replaces_the_old_address_with_a_new_one(partner, client):
    _feed, old = services.feed_create(actor=partner)
    _feed, new = services.feed_create(actor=partner)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarFeed.objects.filter(user=partner, revoked_at__isnull=True).count() == 1


def test_it_stops_when_the_user_loses_their_role(working_group, member, memberships, client):
    MeetingFactory(group=working_group, title="Jednání")
    _feed, token = services.feed_create(actor=member)
    member.memberships.update(is_active=False)
    calendar = Calendar.from_ical(client.get(feed_url(token)).content)
    assert calendar.walk("VEVENT") == []


def test_it_leaves_out_old_meetings(working_group, member, memberships, client):
    old = timezone.now() - timedelta(days=400)
    MeetingFactory(group=working_group, title="Staré", starts_at=old, ends_at=old + timedelta(hours=1))
    _feed, token = services.feed_create(actor=member)
    assert Calendar.from_ical(client.get(feed_url(token)).content).walk("VEVENT") == []


def test_it_creates_shows_once_and_revokes_on_the_settings_page(partner, client_for):
    client = client_for(partner)
    settings_url = reverse("feeds:settings")
    assert client.get(settings_url).context["feed"] is None

    response = client.post(reverse("feeds:create"), follow=True)
    shown = response.context["feed_url"]
    assert shown and shown.endswith(".ics")
    token = shown.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(feed_url(token)).status_code == 200
    assert client.get(settings_url).context["feed_url"] is None  # shown only once

    client.post(reverse("feeds:revoke"))
    assert client.get(feed_url(token)).status_code == 404


def test_it_requires_login_for_the_settings_page(db, client):
    assert client.get(reverse("feeds:settings")).status_code == 302
    assert client.post(reverse("feeds:create")).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_it_links_the_profile_to_the_settings(partner, client_for):
    assert reverse("feeds:settings") in client_for(partner).get(reverse("profile")).content.decode()


def test_it_keeps_a_milestone_of_another_municipality_out(working_group, kladno, member, memberships, client):
    MilestoneFactory(municipality=kladno, title="Kladenský milník")
    _feed, token = services.feed_create(actor=member)
    assert b"Kladensk" not in client.get(feed_url(token)).content
