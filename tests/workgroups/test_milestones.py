from django.urls import reverse

from workgroups.models import Milestone

from .factories import MilestoneFactory

LIST = reverse("workgroups:milestone_list", args=["ostrava"])


def test_it_shows_the_schedule_as_an_ordered_timeline(ostrava, writer, client_for):
    MilestoneFactory(municipality=ostrava, title="Později", due_date="2027-03-01")
    MilestoneFactory(municipality=ostrava, title="Dříve", due_date="2026-12-01", status="done")
    response = client_for(writer).get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Dříve") < html.index("Později")
    assert '<ol class="wg-timeline"' in html


def test_it_lets_the_coordinator_add_a_milestone(ostrava, coordinator, client_for):
    response = client_for(coordinator).post(reverse("workgroups:milestone_create", args=["ostrava"]), {
        "title": "Připomínkové řízení", "phase": "strategy", "due_date": "2027-01-15", "status": "done",
    })
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.completed_on is not None


def test_it_refuses_read_only_roles_a_new_milestone(ostrava, writer, consultant, client_for):
    for user in (writer, consultant):
        assert client_for(user).get(reverse("workgroups:milestone_create", args=["ostrava"])).status_code == 403


def test_it_hides_the_schedule_from_a_partner_without_groups(ostrava, partner, client_for):
    assert client_for(partner).get(LIST).status_code == 403


def test_it_requires_login_and_is_404_for_an_outsider(ostrava, outsider, client_for, client):
    assert client.get(LIST).status_code == 302
    assert client_for(outsider).get(LIST).status_code == 404
    milestone = MilestoneFactory(municipality=ostrava)
    assert client_for(outsider).get(
        reverse("workgroups:milestone_edit", args=["kladno", milestone.pk])).status_code == 403
