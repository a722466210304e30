from datetime import timedelta

from django.utils import timezone

from workgroups.access import groups_visible_to
from workgroups.selectors import group_member_users

from .factories import GroupFactory, MemberFactory


def test_it_lists_group_member_users_distinct_current_and_active(working_group, other_group, memberships, member, partner,
                                                            social_worker, kladno_group, kladno_gestor, writer):
    MemberFactory(group=other_group, user=member)  # in two groups: listed once
    MemberFactory(group=other_group, full_name="Bez účtu")  # no account: not listed
    MemberFactory(group=other_group, user=writer, to_date=timezone.localdate() - timedelta(days=1),
                  from_date=timezone.localdate() - timedelta(days=30))  # left
    MemberFactory(group=kladno_group, user=kladno_gestor)  # another municipality
    social_worker.is_active = False
    social_worker.save()

    assert set(group_member_users(working_group.municipality)) == {member, partner}


def test_it_shows_groups_as_design_section_4_says(working_group, other_group, memberships, gestor, writer,
                                                   coordinator, consultant, member, partner, social_worker, outsider):
    everything = {working_group, other_group}
    for user in (gestor, writer, coordinator, consultant):
        assert set(groups_visible_to(user, working_group.municipality)) == everything
    for user in (member, partner, social_worker):
        assert set(groups_visible_to(user, working_group.municipality)) == {working_group}
    assert not groups_visible_to(outsider, working_group.municipality).exists()


def test_it_does_not_show_the_group_for_a_future_membership_yet(ostrava, partner):
    group = GroupFactory(municipality=ostrava)
    MemberFactory(group=group, user=partner, from_date=timezone.localdate() + timedelta(days=3))
    assert not groups_visible_to(partner, ostrava).exists()
