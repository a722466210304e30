"""Acceptance 1: the composition check, with a gap and with full cover."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from workgroups import stats
from workgroups.models import Group, StakeholderCategory

from .factories import GroupFactory, MemberFactory


def _fill(group, categories):
    for category in categories:
        MemberFactory(group=group, category=category)


def test_it_lists_the_missing_categories_of_a_group_with_a_gap(working_group):
    _fill(working_group, [StakeholderCategory.COUNCILLOR, StakeholderCategory.NGO, StakeholderCategory.OTHER])

    cover = stats.group_cover(working_group)

    assert set(cover.covered) == {StakeholderCategory.COUNCILLOR, StakeholderCategory.NGO}
    assert StakeholderCategory.MUNICIPAL_POLICE in cover.missing
    assert StakeholderCategory.OTHER not in cover.missing  # "other" is never obligatory
    assert len(cover.missing) == 11
    assert not cover.is_full


def test_it_reports_full_cover_when_every_obligatory_category_is_there(working_group):
    _fill(working_group, StakeholderCategory.obligatory())

    cover = stats.group_cover(working_group)

    assert cover.is_full
    assert cover.missing == []
    assert cover.share == 1.0


def test_it_ignores_members_who_left(working_group):
    _fill(working_group, StakeholderCategory.obligatory())
    police = working_group.members.get(category=StakeholderCategory.MUNICIPAL_POLICE)
    police.to_date = timezone.localdate() - timedelta(days=1)
    police.save()

    assert stats.group_cover(working_group).missing == [StakeholderCategory.MUNICIPAL_POLICE]


def test_it_covers_every_working_group_of_the_municipality_in_fixed_queries(
    ostrava, kladno, django_assert_num_queries
):
    for n in range(4):
        group = GroupFactory(municipality=ostrava, name=f"PS {n}")
        _fill(group, StakeholderCategory.obligatory()[: n + 1])
    GroupFactory(municipality=ostrava, name="Řídicí tým", kind=Group.Kind.STEERING)
    GroupFactory(municipality=kladno, name="PS Kladno")

    with django_assert_num_queries(2):
        covers = stats.composition_cover(ostrava)

    assert sorted(len(c.covered) for c in covers) == [1, 2, 3, 4]


def test_it_shows_the_gap_on_the_group_page(working_group, gestor, client_for):
    _fill(working_group, [StakeholderCategory.COUNCILLOR])

    response = client_for(gestor).get(working_group.get_absolute_url())

    assert response.status_code == 200
    assert response.context["cover"].missing[-1] == StakeholderCategory.MUNICIPAL_POLICE
    assert str(StakeholderCategory.MUNICIPAL_POLICE.label) in response.content.decode()


def test_it_shows_the_composition_overview_to_the_consultant(working_group, consultant, client_for):
    _fill(working_group, [StakeholderCategory.NGO])

    response = client_for(consultant).get(reverse("workgroups:composition", args=["ostrava"]))

    assert response.status_code == 200
    assert [c.group for c in response.context["covers"]] == [working_group]


def test_it_refuses_the_composition_overview_to_a_partner(ostrava, partner, client_for):
    assert client_for(partner).get(reverse("workgroups:composition", args=["ostrava"])).status_code == 403
