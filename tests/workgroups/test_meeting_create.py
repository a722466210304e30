"""Acceptance 3: an end before the start gets a clear message next to the field; nothing saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workgroups import meeting_services as ms
from workgroups.models import AgendaItem, Meeting


def url(group):
    return reverse("workgroups:meeting_create", args=["ostrava", group.pk])


def data(**overrides):
    return {
        "title": "Jednání PS o krizovém bydlení", "starts_at": "2026-12-10T14:00", "ends_at": "2026-12-10T16:00",
        "place": "Nová radnice, místnost 312", "method": "world_cafe",
        "agenda": "Úvod | Lucie Dvořáková | 10\nVýběr klientů\nRůzné | | 15", **overrides,
    }


def test_it_plans_a_meeting_with_an_ordered_agenda(working_group, coordinator, client_for):
    response = client_for(coordinator).post(url(working_group), data())

    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert [(a.position, a.title, a.presenter, a.minutes_planned) for a in meeting.agenda.all()] == [
        (1, "Úvod", "Lucie Dvořáková", 10), (2, "Výběr klientů", "", None), (3, "Různé", "", 15),
    ]
    assert meeting.method == "world_cafe"


def test_it_refuses_an_end_before_the_start_next_to_the_field(working_group, coordinator, client_for):
    response = client_for(coordinator).post(url(working_group), data(ends_at="2026-12-10T13:00"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["ends_at"]
    assert errors["ends_at"][0] in response.content.decode()
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()


def test_it_refuses_an_end_before_the_start_in_the_service_too(working_group, coordinator):
    meeting = ms.meeting_create(group=working_group, actor=coordinator, title="A",
                                starts_at=_dt("2026-12-10 14:00"), ends_at=_dt("2026-12-10 16:00"))
    with pytest.raises(ValidationError) as exc:
        ms.meeting_update(meeting=meeting, actor=coordinator, ends_at=_dt("2026-12-10 12:00"), agenda="Nový bod")
    assert "ends_at" in exc.value.message_dict
    meeting.refresh_from_db()
    assert meeting.ends_at == _dt("2026-12-10 16:00")
    assert not meeting.agenda.exists()


def test_it_refuses_a_bad_agenda_line_and_saves_nothing(working_group, coordinator, client_for):
    response = client_for(coordinator).post(url(working_group), data(agenda="Úvod | Lucie | deset"))
    assert response.status_code == 200
    assert response.context["form"].errors["agenda"]
    assert not Meeting.objects.exists()


def _dt(text):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Prague"))


def test_it_requires_login(working_group, client):
    assert client.get(url(working_group)).status_code == 302


def test_it_is_404_for_an_outsider(working_group, outsider, client_for):
    assert client_for(outsider).get(url(working_group)).status_code == 404


def test_it_is_404_for_a_member_of_another_group(other_group, member, memberships, client_for):
    assert client_for(member).get(url(other_group)).status_code == 404


def test_it_is_refused_for_read_only_roles(working_group, memberships, member, writer, consultant, client_for):
    for user in (member, writer, consultant):
        assert client_for(user).post(url(working_group), data()).status_code == 403
    assert not Meeting.objects.exists()
