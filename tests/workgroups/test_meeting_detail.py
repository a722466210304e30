from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from workgroups import meeting_services as ms
from workgroups.models import ActionItem, Attendance

from .factories import ActionItemFactory, MeetingFactory, MemberFactory


def url(meeting):
    return reverse("workgroups:meeting_detail", args=["ostrava", meeting.pk])


def test_it_renders_the_minutes_markdown_safely(meeting, writer, client_for):
    meeting.minutes = "## Závěry\n\n**Schváleno.**\n\n<script>alert('x')</script>\n\n[odkaz](javascript:alert(1))"
    meeting.save()

    html = client_for(writer).get(url(meeting)).content.decode()

    assert "<h2>Závěry</h2>" in html and "<strong>Schváleno.</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:alert" not in html


def test_it_marks_overdue_action_items(meeting, writer, client_for):
    ActionItemFactory(meeting=meeting, text="Dodat data o neplatičství", due_date=timezone.localdate() - timedelta(days=3))
    ActionItemFactory(meeting=meeting, text="Hotový úkol", due_date=timezone.localdate() - timedelta(days=3),
                      status=ActionItem.Status.DONE)

    response = client_for(writer).get(url(meeting))

    overdue = [a.text for a in response.context["action_items"] if a.is_overdue]
    assert overdue == ["Dodat data o neplatičství"]
    assert response.content.decode().count('class="wg-overdue"') == 1


def test_it_shows_the_meeting_to_a_group_member_not_to_a_member_of_another_group(meeting, other_group, memberships, member,
                                                                   client_for):
    assert client_for(member).get(url(meeting)).status_code == 200
    other = MeetingFactory(group=other_group)
    assert client_for(member).get(url(other)).status_code == 404


def test_it_requires_login_and_is_404_for_an_outsider(meeting, outsider, client_for, client):
    assert client.get(url(meeting)).status_code == 302
    assert client_for(outsider).get(url(meeting)).status_code == 404


def test_it_refuses_recording_to_read_only_roles(meeting, memberships, member, partner, consultant, client_for):
    for user in (member, partner, consultant):
        c = client_for(user)
        assert c.post(reverse("workgroups:decision_add", args=["ostrava", meeting.pk]), {"text": "X"}).status_code == 403
        assert c.get(reverse("workgroups:minutes_edit", args=["ostrava", meeting.pk])).status_code == 403
        assert c.get(reverse("workgroups:attendance_edit", args=["ostrava", meeting.pk])).status_code == 403
    assert not meeting.decisions.exists()


def test_it_lets_the_writer_record_attendance_minutes_decisions_and_action_items(past_meeting, writer, client_for):
    present = MemberFactory(group=past_meeting.group, full_name="Lucie Dvořáková")
    excused = MemberFactory(group=past_meeting.group, full_name="Karel Vlček")
    c = client_for(writer)

    r = c.post(reverse("workgroups:attendance_edit", args=["ostrava", past_meeting.pk]),
               {f"m{present.pk}": "present", f"m{excused.pk}": "excused", "edit_version": past_meeting.edit_version})
    assert r.status_code == 302
    assert dict(past_meeting.attendance.values_list("member__full_name", "status")) == {
        "Lucie Dvořáková": "present", "Karel Vlček": "excused"}

    past_meeting.refresh_from_db()
    r = c.post(reverse("workgroups:minutes_edit", args=["ostrava", past_meeting.pk]),
               {"minutes": "# Zápis", "edit_version": past_meeting.edit_version})
    assert r.status_code == 302
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == "# Zápis" and past_meeting.status == "held"

    c.post(reverse("workgroups:decision_add", args=["ostrava", past_meeting.pk]), {"text": "Schvaluje se."})
    assert [d.text for d in past_meeting.decisions.all()] == ["Schvaluje se."]

    r = c.post(reverse("workgroups:action_add", args=["ostrava", past_meeting.pk]),
               {"text": "Rozeslat zápis", "assignee": present.pk, "due_date": "2026-12-01"})
    assert r.status_code == 302
    assert past_meeting.action_items.get().assignee == present


def test_it_refuses_an_empty_decision_next_to_the_field(meeting, writer, client_for):
    r = client_for(writer).post(reverse("workgroups:decision_add", args=["ostrava", meeting.pk]), {"text": ""})
    assert r.status_code == 400
    assert r.context["decision_form"].errors["text"]
    assert not meeting.decisions.exists()


def test_it_refuses_attendance_of_a_member_of_another_group(past_meeting, other_group, writer):
    stranger = MemberFactory(group=other_group)
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ms.attendance_record(meeting=past_meeting, actor=writer, statuses={stranger.pk: Attendance.Status.PRESENT})
    assert not Attendance.objects.exists()


def test_it_lets_the_assignee_mark_their_own_task_done(meeting, memberships, member, partner, client_for):
    item = ActionItemFactory(meeting=meeting, assignee=memberships["clen"])
    status_url = reverse("workgroups:action_status", args=["ostrava", item.pk])
    assert client_for(partner).post(status_url, {"status": "done", "edit_version": 1}).status_code == 403
    assert client_for(member).post(status_url, {"status": "done", "edit_version": item.edit_version}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.completed_at is not None


def test_it_filters_the_action_list_by_mine_and_overdue(meeting, memberships, member, client_for):
    ActionItemFactory(meeting=meeting, assignee=memberships["clen"], text="Můj po termínu",
                      due_date=timezone.localdate() - timedelta(days=1))
    ActionItemFactory(meeting=meeting, assignee=memberships["nno"], text="Cizí po termínu",
                      due_date=timezone.localdate() - timedelta(days=1))
    ActionItemFactory(meeting=meeting, assignee=memberships["clen"], text="Můj včas",
                      due_date=timezone.localdate() + timedelta(days=5))
    list_url = reverse("workgroups:action_list", args=["ostrava"])
    page = client_for(member).get(list_url, {"mine": "1", "overdue": "1"}).context["page"]
    assert [a.text for a in page] == ["Můj po termínu"]
    assert len(client_for(member).get(list_url).context["page"]) == 3


def test_it_filters_the_meeting_list_by_group_and_time(meeting, past_meeting, other_group, gestor, client_for):
    MeetingFactory(group=other_group)
    list_url = reverse("workgroups:meeting_list", args=["ostrava"])
    page = client_for(gestor).get(list_url, {"group": meeting.group_id, "when": "past"}).context["page"]
    assert [m.pk for m in page] == [past_meeting.pk]


def test_the_second_of_two_status_changes_of_one_action_item_sees_the_conflict_page(meeting, memberships, gestor, client_for):
    item = ActionItemFactory(meeting=meeting, assignee=memberships["clen"])
    status_url = reverse("workgroups:action_status", args=["ostrava", item.pk])
    loaded = item.edit_version
    assert client_for(gestor).post(status_url, {"status": "done", "edit_version": loaded}).status_code == 302
    lost = client_for(gestor).post(status_url, {"status": "open", "edit_version": loaded})
    assert lost.status_code == 409 and 'id="conflict"' in lost.content.decode()
    item.refresh_from_db()
    assert item.status == "done"
    assert lost.context["form"]["edit_version"].value() == str(item.edit_version)  # sending it again is deliberate
