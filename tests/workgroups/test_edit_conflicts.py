"""No silent overwrite in groups and meetings: two people save the same record, the second one
sees the conflict page (409) with both versions, and nothing of the first save is lost."""

import pytest
from django.urls import reverse

from tests.factories import person

pytestmark = pytest.mark.django_db


def test_two_writers_saving_the_minutes_one_wins_the_other_sees_both_versions(past_meeting, writer, ostrava,
                                                                            client_for):
    from portal.roles import Role

    other = person("metodik2", ostrava, Role.WRITER)
    url = reverse("workgroups:minutes_edit", args=["ostrava", past_meeting.pk])
    loaded = past_meeting.edit_version
    first = client_for(writer).post(url, {"minutes": "Zápis Petra", "edit_version": loaded})
    assert first.status_code == 302
    second = client_for(other).post(url, {"minutes": "Zápis Lucie", "edit_version": loaded})
    assert second.status_code == 409
    html = second.content.decode()
    assert 'id="conflict"' in html
    assert "Zápis Petra" in html and "Zápis Lucie" in html
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == "Zápis Petra"
    assert f'name="edit_version" value="{past_meeting.edit_version}"' in html  # saving again is deliberate
    third = client_for(other).post(url, {"minutes": "Zápis Lucie", "edit_version": past_meeting.edit_version})
    assert third.status_code == 302


@pytest.mark.parametrize("name", ["group_edit", "meeting_edit", "milestone_edit"])
def test_every_group_and_meeting_edit_refuses_a_stale_version(name, working_group, meeting, gestor, client_for):
    from tests.workgroups.factories import MilestoneFactory

    obj = {"group_edit": working_group, "meeting_edit": meeting,
           "milestone_edit": MilestoneFactory(municipality=working_group.municipality)}[name]
    url = reverse(f"workgroups:{name}", args=["ostrava", obj.pk])
    form = client_for(gestor).get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    for key in ("starts_at", "ends_at"):
        if key in data:
            from django.utils import timezone

            data[key] = timezone.localtime(data[key]).strftime("%Y-%m-%d %H:%M")
    if "due_date" in data:
        data["due_date"] = data["due_date"].isoformat()
    data["edit_version"] = obj.edit_version - 1 if obj.edit_version > 1 else obj.edit_version + 5
    response = client_for(gestor).post(url, data)
    assert response.status_code == 409, response.context["form"].errors if response.context else response
    type(obj).objects.filter(pk=obj.pk, edit_version=obj.edit_version).get()  # untouched
