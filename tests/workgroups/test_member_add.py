"""Acceptance 1 (maximum refused, then allowed after it is raised) and acceptance 3 (a duplicate
membership gets a clear message and saves nothing)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from workgroups import services
from workgroups.models import GroupMember, StakeholderCategory

from .factories import GroupFactory, MemberFactory


def url(group):
    return reverse("workgroups:member_add", args=[group.municipality.slug, group.pk])


@pytest.fixture
def full_group(ostrava):
    group = GroupFactory(municipality=ostrava, name="Plná skupina", max_members=18)
    MemberFactory.create_batch(18, group=group)
    return group


def test_it_refuses_a_member_beyond_the_maximum_then_allows_after_the_gestor_raises_it(
    full_group, coordinator, gestor, client_for
):
    response = client_for(coordinator).post(url(full_group), {
        "full_name": "Mgr. Nový Člen", "role": "member", "category": StakeholderCategory.NGO, "from_date": "2026-01-05",
    })
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "18" in errors[0]
    assert errors[0] in response.content.decode()
    assert full_group.members.count() == 18

    # The coordinator may not raise the maximum…
    with pytest.raises(ValidationError) as refused:
        services.group_update(group=full_group, actor=coordinator, max_members=19)
    assert "max_members" in refused.value.message_dict
    # …the gestor may.
    services.group_update(group=full_group, actor=gestor, max_members=19)

    response = client_for(coordinator).post(url(full_group), {
        "full_name": "Mgr. Nový Člen", "role": "member", "category": StakeholderCategory.NGO, "from_date": "2026-01-05",
    })
    assert response.status_code == 302
    assert full_group.members.count() == 19


def test_it_lets_a_guest_join_a_full_group(full_group, coordinator):
    services.member_add(group=full_group, actor=coordinator, full_name="Host", role="guest", category="other")
    assert full_group.members.count() == 19


def test_it_does_not_count_members_who_left(full_group, coordinator):
    services.member_leave(member=full_group.members.first(), actor=coordinator)
    services.member_add(group=full_group, actor=coordinator, full_name="Náhradník", category="ngo")
    assert services.counted_members(full_group).count() == 18


def test_it_refuses_a_duplicate_membership_next_to_the_field(working_group, member, coordinator, client_for):
    MemberFactory(group=working_group, user=member, full_name="Tomáš Procházka")

    response = client_for(coordinator).post(url(working_group), {
        "user": member.pk, "role": "member", "category": StakeholderCategory.PROPERTY_DEPARTMENT,
        "from_date": "2026-01-05",
    })

    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert working_group.members.filter(user=member).count() == 1


def test_it_refuses_a_duplicate_name_without_an_account(working_group, coordinator):
    services.member_add(group=working_group, actor=coordinator, full_name="Jana Balážová", category="target_group")
    with pytest.raises(ValidationError) as exc:
        services.member_add(group=working_group, actor=coordinator, full_name="jana balážová", category="target_group")
    assert "full_name" in exc.value.message_dict
    assert working_group.members.count() == 1


def test_it_lets_a_former_member_join_again_and_keeps_their_history(working_group, member, coordinator):
    a_year_ago = timezone.localdate() - timedelta(days=365)
    old = services.member_add(group=working_group, actor=coordinator, user=member, category="other", from_date=a_year_ago)
    services.member_leave(member=old, actor=coordinator)

    services.member_add(group=working_group, actor=coordinator, user=member, category="ngo")

    assert working_group.members.filter(user=member).count() == 2
    old.refresh_from_db()
    assert old.to_date == timezone.localdate() - timedelta(days=1)


def test_it_refuses_a_person_without_a_role_in_the_municipality(working_group, outsider, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.member_add(group=working_group, actor=coordinator, user=outsider, category="other")
    assert "user" in exc.value.message_dict


def test_it_fills_name_e_mail_and_organisation_from_the_account(working_group, partner, ngo, coordinator):
    added = services.member_add(group=working_group, actor=coordinator, user=partner, category="ngo")
    assert added.full_name == partner.get_full_name()
    assert added.email == partner.email
    assert added.organisation == ngo


def test_it_requires_login(working_group, client):
    assert client.get(url(working_group)).status_code == 302


def test_it_is_404_for_an_outsider(working_group, outsider, client_for):
    assert client_for(outsider).get(url(working_group)).status_code == 404


def test_it_is_refused_for_read_only_roles(working_group, writer, consultant, client_for):
    assert client_for(writer).get(url(working_group)).status_code == 403
    assert client_for(consultant).post(url(working_group), {"full_name": "X", "category": "other"}).status_code == 403
    assert not GroupMember.objects.exists()
