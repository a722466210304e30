"""Every page of the app renders with the demo data, for the gestor and for a partner."""

from django.test import Client
from django.urls import reverse

from portal import demo as portal_demo
from workgroups import demo
from workgroups.models import ChecklistItem, Meeting, Milestone


def test_it_renders_every_page_with_the_demo_data(db):
    ctx = portal_demo.load()
    demo.load(ctx)
    groups = ctx["groups"]["ostrava"]
    focus_meeting = Meeting.objects.get(group=groups["focus"])
    steering_meeting = ctx["steering_meetings"]["ostrava"][-1]
    gestor = Client()
    gestor.force_login(ctx["users"]["gestor.ostrava"])
    item = ChecklistItem.objects.filter(group=groups["steering"]).first()
    milestone = Milestone.objects.filter(municipality__slug="ostrava").first()
    urls = [
        reverse("workgroups:group_list", args=["ostrava"]),
        reverse("workgroups:composition", args=["ostrava"]),
        reverse("workgroups:meeting_list", args=["ostrava"]),
        reverse("workgroups:action_list", args=["ostrava"]),
        reverse("workgroups:milestone_list", args=["ostrava"]),
        reverse("workgroups:milestone_create", args=["ostrava"]),
        reverse("workgroups:milestone_edit", args=["ostrava", milestone.pk]),
        reverse("workgroups:group_create", args=["ostrava"]),
        reverse("workgroups:checklist_edit", args=["ostrava", groups["steering"].pk, item.pk]),
        reverse("feeds:settings"),
        reverse("municipality_detail", args=["ostrava"]),
        reverse("home"),
    ]
    for group in groups.values():
        urls += [group.get_absolute_url(), reverse("workgroups:group_edit", args=["ostrava", group.pk]),
                 reverse("workgroups:member_add", args=["ostrava", group.pk]),
                 reverse("workgroups:meeting_create", args=["ostrava", group.pk])]
    for meeting in (focus_meeting, steering_meeting):
        urls += [meeting.get_absolute_url(), reverse("workgroups:meeting_edit", args=["ostrava", meeting.pk]),
                 reverse("workgroups:attendance_edit", args=["ostrava", meeting.pk]),
                 reverse("workgroups:minutes_edit", args=["ostrava", meeting.pk])]
    output = focus_meeting.outputs.first()
    urls.append(reverse("concepts:output_to_finding", args=["ostrava", focus_meeting.pk, output.pk]))
    for url in urls:
        response = gestor.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url

    partner = Client()
    partner.force_login(ctx["users"]["nno.ostrava"])
    response = partner.get(reverse("workgroups:group_list", args=["ostrava"]))
    assert groups["steering"].name not in response.content.decode()
    assert partner.get(groups["housing_crisis_social_affordable"].get_absolute_url()).status_code == 200
    assert partner.get(steering_meeting.get_absolute_url()).status_code == 404
