from django.urls import reverse

from workgroups.models import StakeholderCategory

from .factories import GroupFactory, MeetingFactory, MemberFactory

URL = reverse("workgroups:group_list", args=["ostrava"])


def test_it_shows_all_groups_to_those_who_run_them(working_group, other_group, steering, gestor, consultant, client_for):
    for user in (gestor, consultant):
        page = client_for(user).get(URL).context["page"]
        assert {g.pk for g in page} == {working_group.pk, other_group.pk, steering.pk}


def test_it_shows_a_partner_only_the_groups_they_belong_to(working_group, other_group, memberships, partner, member,
                                                      social_worker, client_for):
    for user in (partner, member, social_worker):
        response = client_for(user).get(URL)
        assert [g.pk for g in response.context["page"]] == [working_group.pk]
        assert other_group.name not in response.content.decode()
        assert client_for(user).get(other_group.get_absolute_url()).status_code == 404


def test_it_hides_the_group_from_a_former_member(working_group, memberships, partner, client_for):
    from workgroups.services import member_leave

    membership = memberships["nno"]
    membership.from_date = membership.from_date.replace(year=2020)
    membership.save()
    member_leave(member=membership, actor=partner)
    assert list(client_for(partner).get(URL).context["page"]) == []


def test_it_answers_404_to_a_kladno_user_for_ostravas_groups(working_group, outsider, kladno_gestor, client_for):
    for user in (outsider, kladno_gestor):
        assert client_for(user).get(URL).status_code == 404
        assert client_for(user).get(working_group.get_absolute_url()).status_code == 404


def test_it_requires_login(db, client):
    assert client.get(URL).status_code == 302


def test_it_filters_and_sorts(working_group, steering, gestor, client_for):
    page = client_for(gestor).get(URL, {"kind": "steering"}).context["page"]
    assert [g.pk for g in page] == [steering.pk]
    page = client_for(gestor).get(URL, {"q": "krizov"}).context["page"]
    assert [g.pk for g in page] == [working_group.pk]


def test_it_runs_a_query_count_that_does_not_grow_with_groups(ostrava, gestor, client_for, django_assert_max_num_queries):
    client = client_for(gestor)

    def add(n):
        for _ in range(n):
            group = GroupFactory(municipality=ostrava)
            MemberFactory.create_batch(2, group=group, category=StakeholderCategory.NGO)
            MeetingFactory(group=group)

    add(2)
    client.get(URL)  # warm the session and caches
    with django_assert_max_num_queries(30) as small:
        client.get(URL)
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL)


def test_it_filters_sorts_and_pages_through_its_filterset(working_group, other_group, steering, memberships, gestor,
                                                           client_for):
    c = client_for(gestor)
    by_size = c.get(URL + "?sort=-members").context["page"]
    assert [g.pk for g in by_size][0] == working_group.pk  # the only one with members
    working = c.get(URL + f"?kind={working_group.kind}&q={working_group.name[:4]}").context["page"]
    assert working_group.pk in {g.pk for g in working} and steering.pk not in {g.pk for g in working}
    junk = c.get(URL + "?page=-1&sort=zzz&kind=%3Cscript%3E")
    assert junk.status_code == 200
    assert {g.pk for g in junk.context["page"]} == {working_group.pk, other_group.pk, steering.pk}
    assert b"<script>" not in junk.content.split(b"<main")[-1]
