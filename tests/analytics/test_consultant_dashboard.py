import re

from portal.models import Membership
from portal.roles import Role
from tests.analytics.conftest import held_meeting, steering
from tests.factories import MunicipalityFactory
from tests.workgroups.factories import GroupFactory
from workgroups.models import Method


def table_body(response) -> str:
    body = response.content.decode()
    return body.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in body else ""


def row_names(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/m/[^/]+/analytics/">([^<]+)</a>', table_body(response))


def test_it_requires_login(client, db):
    response = client.get("/consultant/")
    assert response.status_code == 302 and "next=/consultant/" in response["Location"]


def test_it_answers_404_to_a_partner_and_a_member(client_for, partner, member, world):
    for user in (partner, member):
        assert client_for(user).get("/consultant/").status_code == 404
        assert client_for(user).get("/consultant/targets/").status_code == 404
        assert client_for(user).post("/consultant/report/").status_code == 404


def test_it_shows_a_gestor_their_own_municipality_only(client_for, gestor, world):
    assert row_names(client_for(gestor).get("/consultant/")) == ["Ostrava"]


def test_it_shows_the_consultant_both_assigned_municipalities_and_not_a_third(client_for, consultant, world):
    response = client_for(consultant).get("/consultant/")
    assert response.status_code == 200
    assert row_names(response) == ["Ostrava", "Kladno"]  # Ostrava has two flags, Kladno one
    assert "Most" not in response.content.decode()


def test_it_shows_a_superuser_every_municipality(client_for, django_user_model, world):
    admin = django_user_model.objects.create_superuser("spravce", "spravce@example.cz", "x")
    assert sorted(row_names(client_for(admin).get("/consultant/"))) == ["Kladno", "Most", "Ostrava"]


def test_it_shows_the_figures_with_text_flags_and_small_counts_hidden(client_for, consultant, world):
    body = table_body(client_for(consultant).get("/consultant/"))
    ostrava = body.split("</tr>")[0]
    assert "3. Understanding the problems" in ostrava
    assert "10 days ago" in ostrava
    assert "1 of 2" in ostrava and "composition gaps" in ostrava
    assert "33 %" in ostrava and "1 of 3 meetings" in ostrava
    assert "1 open" in ostrava and "1 awaiting settlement" in ostrava and "(2 of 6)" in ostrava
    assert "75 %" in ostrava and "3 of 4 measures" in ostrava
    assert "&lt;5 / 10" in ostrava and "&lt;5 / 8" in ostrava  # 3 housed, 2 in flats: suppressed
    assert 'href="/m/ostrava/analytics/#pilots"' in ostrava
    kladno = body.split("</tr>")[1]
    assert "60 days ago" in kladno and "over 45 days" in kladno and "no concept yet" in kladno
    assert "no working group" in kladno and "no pilot" in kladno


def test_it_shows_the_true_small_counts_to_a_superuser(client_for, django_user_model, world):
    admin = django_user_model.objects.create_superuser("spravce", "spravce@example.cz", "x")
    body = table_body(client_for(admin).get("/consultant/?region=Moravskoslezský kraj"))
    assert "3 / 10" in body and "2 / 8" in body and "&lt;5" not in body


def test_it_filters_by_region_and_phase(client_for, consultant, world):
    client = client_for(consultant)
    assert row_names(client.get("/consultant/", {"region": "Středočeský kraj"})) == ["Kladno"]
    assert row_names(client.get("/consultant/", {"phase": "analysis"})) == ["Ostrava"]
    assert row_names(client.get("/consultant/", {"phase": "none"})) == ["Kladno"]
    assert row_names(client.get("/consultant/", {"phase": "strategy"})) == []


def test_it_sorts_by_a_column_both_ways(client_for, consultant, world):
    client = client_for(consultant)
    assert row_names(client.get("/consultant/", {"sort": "municipality"})) == ["Kladno", "Ostrava"]
    assert row_names(client.get("/consultant/", {"sort": "-municipality"})) == ["Ostrava", "Kladno"]
    assert row_names(client.get("/consultant/", {"sort": "-cadence"})) == ["Kladno", "Ostrava"]
    response = client.get("/consultant/", {"sort": "cadence"})
    assert row_names(response) == ["Ostrava", "Kladno"]
    assert 'aria-sort="ascending"' in response.content.decode()
    assert row_names(client.get("/consultant/", {"sort": "nonsense"})) == ["Ostrava", "Kladno"]


def test_it_paginates(client_for, consultant, world):
    for i in range(26):
        m = MunicipalityFactory(slug=f"obec-p{i:02}", name=f"Obec P{i:02}")
        Membership.objects.create(user=consultant, municipality=m, role=Role.CONSULTANT)
    client = client_for(consultant)
    first = client.get("/consultant/", {"sort": "municipality"})
    assert len(row_names(first)) == 25 and "Page 1 of 2" in first.content.decode()
    assert row_names(client.get("/consultant/", {"sort": "municipality", "page": 2})) == ["Obec P24", "Obec P25", "Ostrava"]


def test_it_shows_the_agency_targets_with_numerators_and_denominators(client_for, consultant, world):
    body = client_for(consultant).get("/consultant/").content.decode()
    targets = body.split('id="targets-h"', 1)[1]
    participative = targets.split('id="target-participative"', 1)[1].split("</tr>", 1)[0]
    # Ostrava's world café 10 days ago had no consultant present; Kladno held no participative meeting
    assert re.search(r"<td>1</td><td>2</td>", participative) and "50 %" in participative and "met" in participative
    evidence = targets.split('id="target-evidence"', 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td><td>1</td>" in evidence and "100 %" in evidence
    assert "not measured in the portal" not in targets
    assert targets.count("Who is counted and why") == 4  # no conference recorded: nothing to drill into


def _municipality_with_groups(consultant, n):
    m = MunicipalityFactory(slug=f"obec-d{n}", name=f"Obec D{n}")
    Membership.objects.create(user=consultant, municipality=m, role=Role.CONSULTANT)
    held_meeting(steering(m, last_met_days_ago=3), 1, Method.OPERA)
    GroupFactory(municipality=m)
    return m


def test_it_runs_the_same_number_of_queries_for_2_and_6_municipalities(
    client_for, consultant, ostrava, kladno, django_assert_max_num_queries, settings
):
    """Computed afresh each time (no cached aggregates: a new namespace before each request)."""
    Membership.objects.filter(user=consultant).delete()
    for n in range(2):
        _municipality_with_groups(consultant, n)
    client = client_for(consultant)
    client.get("/consultant/")  # warm up the session and the template cache
    settings.AGGREGATES_NAMESPACE = "cold-2"
    with django_assert_max_num_queries(45) as two:
        assert len(row_names(client.get("/consultant/"))) == 2
    for n in range(2, 6):
        _municipality_with_groups(consultant, n)
    settings.AGGREGATES_NAMESPACE = "cold-6"
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert len(row_names(client.get("/consultant/"))) == 6


def test_it_speaks_czech_by_default(client_for, consultant, world, settings):
    settings.LANGUAGE_CODE = "cs"
    body = client_for(consultant).get("/consultant/").content.decode()
    assert "Moje obce" in body and "déle než 45 dní" in body and "mezery ve složení" in body
    assert "bez pracovní skupiny" in body
