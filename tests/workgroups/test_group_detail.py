from datetime import timedelta

from django.utils import timezone

from .factories import MemberFactory


def test_it_shows_current_members_and_former_ones_on_request(working_group, gestor, client_for):
    current = MemberFactory(group=working_group, full_name="Jana Současná")
    former = MemberFactory(group=working_group, full_name="Petr Bývalý", to_date=timezone.localdate() - timedelta(days=3))
    c = client_for(gestor)
    assert list(c.get(working_group.get_absolute_url()).context["members"]) == [current]
    response = c.get(working_group.get_absolute_url() + "?former=1")
    assert set(response.context["members"]) == {current, former} and response.context["show_former"]
    junk = c.get(working_group.get_absolute_url() + "?former=%3Cscript%3E")
    assert junk.status_code == 200 and list(junk.context["members"]) == [current]


def test_it_answers_404_to_an_outsider(working_group, outsider, client_for):
    assert client_for(outsider).get(working_group.get_absolute_url()).status_code == 404
