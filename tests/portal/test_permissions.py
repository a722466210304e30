"""One test per role of DESIGN §4, against the single permission module."""

import pytest

from portal.permissions import RULES, municipalities_for, roles_in, shown_count, suppress_small_counts

EXPECTED = {
    "gestor": {
        "concepts.edit_concept", "concepts.manage_rounds", "concepts.settle_comments", "workgroups.view_all_groups",
        "workgroups.manage_groups", "pilots.view_households", "pilots.view_aggregates", "analytics.view_analytics",
        "portal.invite_members",
    },
    "writer": {
        "concepts.view_concept", "concepts.edit_concept", "concepts.settle_comments", "workgroups.view_all_groups",
        "workgroups.write_minutes", "pilots.view_aggregates", "analytics.view_analytics",
    },
    "coordinator": {
        "concepts.view_concept", "concepts.comment", "workgroups.view_all_groups", "workgroups.manage_groups",
        "pilots.view_households", "pilots.view_aggregates", "analytics.view_analytics",
    },
    "social_worker": {"concepts.view_concept", "workgroups.view_own_groups", "pilots.view_households", "pilots.view_aggregates"},
    "member": {"concepts.view_concept", "concepts.comment", "workgroups.view_own_groups", "pilots.view_aggregates"},
    "partner": {"concepts.comment", "workgroups.view_own_groups"},
    "consultant": {
        "concepts.view_concept", "concepts.comment", "workgroups.view_all_groups", "pilots.view_aggregates",
        "analytics.view_analytics",
    },
}
NEVER = {
    "writer": {"pilots.view_households", "concepts.manage_rounds", "portal.invite_members"},
    "coordinator": {"concepts.edit_concept", "concepts.settle_comments"},
    "social_worker": {"concepts.edit_concept", "workgroups.view_all_groups", "analytics.view_analytics"},
    "member": {"concepts.edit_concept", "pilots.view_households", "analytics.view_analytics", "workgroups.view_all_groups"},
    "partner": {
        "concepts.view_concept", "pilots.view_households", "pilots.view_aggregates", "analytics.view_analytics",
        "workgroups.view_all_groups",
    },
    "consultant": {"pilots.view_households", "concepts.edit_concept", "concepts.settle_comments", "workgroups.manage_groups"},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_it_grants_each_role_its_permissions(request, ostrava, role):
    user = request.getfixturevalue(role)
    for permission in EXPECTED[role]:
        assert user.has_perm(permission, ostrava), f"{role} should have {permission}"
    for permission in NEVER.get(role, ()):
        assert not user.has_perm(permission, ostrava), f"{role} must not have {permission}"


@pytest.mark.parametrize("role", sorted(set(EXPECTED) - {"consultant"}))
def test_it_grants_nothing_in_another_municipality(request, kladno, role):
    user = request.getfixturevalue(role)
    assert not any(user.has_perm(p, kladno) for p in RULES)


def test_it_lists_only_municipalities_with_a_role(gestor, consultant, ostrava, kladno):
    assert list(municipalities_for(gestor)) == [ostrava]
    assert set(municipalities_for(consultant)) == {ostrava, kladno}
    assert list(municipalities_for(consultant, "pilots.view_households")) == []


def test_it_ignores_inactive_memberships(gestor, ostrava):
    gestor.memberships.update(is_active=False)
    from portal.permissions import forget_roles

    forget_roles(gestor)
    assert roles_in(gestor, ostrava) == frozenset()
    assert not gestor.has_perm("portal.view_municipality", ostrava)


def test_it_hides_small_counts_from_those_without_household_access(ostrava, consultant, partner, member, coordinator):
    assert suppress_small_counts(consultant, ostrava)
    assert suppress_small_counts(partner, ostrava)
    assert suppress_small_counts(member, ostrava)
    assert not suppress_small_counts(coordinator, ostrava)
    assert shown_count(3, suppress=True) == "<5"
    assert shown_count(0, suppress=True) == "0"
    assert shown_count(5, suppress=True) == "5"
    assert shown_count(3, suppress=False) == "3"


def test_it_denies_anonymous_users(ostrava, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not AnonymousUser().has_perm("portal.view_municipality", ostrava)
