from concepts.rounds.models import Round
from tests.rounds.factories import RoundFactory, VersionFactory


def url(municipality) -> str:
    return f"/m/{municipality.slug}/analytics/"


def test_it_requires_login(client, ostrava):
    response = client.get(url(ostrava))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_it_answers_404_to_a_partner_and_a_member(client_for, partner, member, ostrava):
    assert client_for(partner).get(url(ostrava)).status_code == 404
    assert client_for(member).get(url(ostrava)).status_code == 404


def test_it_answers_404_to_another_municipalitys_gestor(client_for, kladno_gestor, outsider, ostrava):
    assert client_for(kladno_gestor).get(url(ostrava)).status_code == 404
    assert client_for(outsider).get(url(ostrava)).status_code == 404


def test_it_answers_404_to_the_consultant_for_a_municipality_not_assigned(client_for, consultant, world):
    assert client_for(consultant).get(url(world.ostrava)).status_code == 200
    assert client_for(consultant).get(url(world.most)).status_code == 404


def test_it_shows_the_dashboard_figures_of_one_municipality(client_for, consultant, world):
    body = client_for(consultant).get(url(world.ostrava)).content.decode()
    figures = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "3. Understanding the problems" in figures and "10 days ago" in figures
    assert "1 of 2" in figures and "1 of 3 meetings" in figures and "3 of 4 measures" in figures
    assert "&lt;5 / 10" in figures
    assert "composition gaps" in body and "awaiting settlement" in body


def test_it_shows_the_true_pilot_counts_to_the_gestor(client_for, gestor, world):
    body = client_for(gestor).get(url(world.ostrava)).content.decode()
    assert "3 / 10" in body and "2 / 8" in body and "25 %" in body and "&lt;5" not in body


def test_it_does_not_reveal_a_hidden_count_through_the_occupancy_share(client_for, consultant, world):
    figures = client_for(consultant).get(url(world.ostrava)).content.decode().split("<tbody>", 1)[1]
    assert "&lt;5 / 8" in figures.split("</tbody>", 1)[0] and "25 %" not in figures.split("</tbody>", 1)[0]


def test_it_links_each_figure_to_the_app_it_comes_from(client_for, consultant, world):
    figures = client_for(consultant).get(url(world.ostrava)).content.decode().split("<tbody>", 1)[1].split("</tbody>")[0]
    for path in ("/m/ostrava/concept/", "/m/ostrava/groups/", "/m/ostrava/rounds/", "/m/ostrava/pilots/"):
        assert f'href="{path}"' in figures


def test_it_shows_attendance_by_stakeholder_category(client_for, consultant, world):
    body = client_for(consultant).get(url(world.ostrava)).content.decode()
    attendance = body.split('id="att-h"', 1)[1].split("</table>", 1)[0]
    assert "<caption>" in attendance and '<th scope="col">' in attendance
    councillor = attendance.split("councillor for housing / social affairs", 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td><td>1</td><td>100 %</td>" in councillor
    ngo = attendance.split("NGOs serving people at risk of losing housing", 1)[1].split("</tr>", 1)[0]
    assert "<td>0</td><td>1</td><td>0 %</td>" in ngo


def test_it_shows_the_statistics_of_each_round(client_for, consultant, world):
    body = client_for(consultant).get(url(world.ostrava)).content.decode()
    rounds = body.split('id="rounds-h"', 1)[1].split("</table>", 1)[0]
    analysis = rounds.split("Připomínky k analýze", 1)[1].split("</tr>", 1)[0]
    assert "<td>open for comments</td>" in analysis and "<td>2 / 4</td><td>50 %</td>" in analysis and "<td>1</td><td>1</td><td>0</td>" in analysis
    vision = rounds.split("Připomínky k vizi", 1)[1].split("</tr>", 1)[0]
    assert "<td>closed</td>" in vision and "<td>0 / 2</td><td>0 %</td>" in vision


def test_it_shows_this_municipalitys_targets(client_for, consultant, world):
    body = client_for(consultant).get(url(world.ostrava)).content.decode()
    targets = body.split('id="targets-h"', 1)[1]
    assert 'id="target-participative"' in targets and 'id="target-evidence"' in targets
    assert "not measured in the portal" not in targets


def test_it_keeps_its_query_count_with_more_rounds(client_for, consultant, world, django_assert_max_num_queries):
    client = client_for(consultant)
    client.get(url(world.ostrava))
    concept = Round.objects.filter(municipality=world.ostrava).first().version.concept
    with django_assert_max_num_queries(40) as before:
        client.get(url(world.ostrava))
    for _ in range(5):
        RoundFactory(version=VersionFactory(concept=concept), status=Round.Status.PUBLISHED)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url(world.ostrava)).status_code == 200
