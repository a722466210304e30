import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workgroups import services
from workgroups.models import ChecklistItem, Group


def test_it_gives_a_new_working_group_the_default_maximum_of_18(ostrava, coordinator):
    group = services.group_create(municipality=ostrava, actor=coordinator, name="PS nová", kind=Group.Kind.WORKING)
    assert group.max_members == 18


def test_it_refuses_a_coordinator_creating_a_working_group_without_a_limit(ostrava, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.group_create(municipality=ostrava, actor=coordinator, name="PS", kind="working", max_members=None)
    assert "max_members" in exc.value.message_dict
    assert not Group.objects.exists()


def test_it_lets_the_coordinator_lower_the_maximum(working_group, coordinator):
    services.group_update(group=working_group, actor=coordinator, max_members=12)
    working_group.refresh_from_db()
    assert working_group.max_members == 12


def test_it_creates_the_steering_checklist_from_seed_000(ostrava, gestor):
    group = services.group_create(municipality=ostrava, actor=gestor, name="Řídicí tým", kind=Group.Kind.STEERING)
    assert set(group.checklist.values_list("task", flat=True)) == set(ChecklistItem.Task.values)
    assert len(ChecklistItem.Task.values) == 7


def test_it_refuses_a_second_steering_team(steering, gestor):
    with pytest.raises(ValidationError) as exc:
        services.group_create(municipality=steering.municipality, actor=gestor, name="Druhý", kind="steering")
    assert "kind" in exc.value.message_dict


def test_it_refuses_a_duplicate_group_name(working_group, gestor):
    with pytest.raises(ValidationError) as exc:
        services.group_create(municipality=working_group.municipality, actor=gestor, name=working_group.name.upper())
    assert "name" in exc.value.message_dict


def test_it_edits_a_group_through_the_page(working_group, gestor, client_for):
    url = reverse("workgroups:group_edit", args=["ostrava", working_group.pk])
    response = client_for(gestor).post(url, {
        "kind": "working", "name": working_group.name, "cadence": "monthly", "max_members": 20, "is_active": "on",
        "edit_version": working_group.edit_version,
    })
    assert response.status_code == 302
    working_group.refresh_from_db()
    assert working_group.max_members == 20


def test_it_shows_the_refusal_to_raise_next_to_the_field(working_group, coordinator, client_for):
    url = reverse("workgroups:group_edit", args=["ostrava", working_group.pk])
    response = client_for(coordinator).post(url, {
        "kind": "working", "name": working_group.name, "cadence": "monthly", "max_members": 25, "is_active": "on",
        "edit_version": working_group.edit_version,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["max_members"]
    working_group.refresh_from_db()
    assert working_group.max_members == 18


def test_it_creates_a_group_through_the_page(ostrava, coordinator, client_for):
    response = client_for(coordinator).post(reverse("workgroups:group_create", args=["ostrava"]), {
        "kind": "working", "name": "PS k prevenci bezdomovectví", "cadence": "monthly", "max_members": 18,
    })
    assert response.status_code == 302
    assert Group.objects.get().name == "PS k prevenci bezdomovectví"


def test_it_refuses_group_creation_to_read_only_roles(ostrava, writer, member, client_for):
    url = reverse("workgroups:group_create", args=["ostrava"])
    assert client_for(writer).get(url).status_code == 403
    assert client_for(member).post(url, {"kind": "working", "name": "X", "cadence": "monthly"}).status_code == 403


def test_it_is_404_for_an_outsider_and_requires_login(working_group, outsider, client_for, client):
    url = reverse("workgroups:group_edit", args=["ostrava", working_group.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client.get(url).status_code == 302
