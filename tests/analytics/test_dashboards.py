def test_it_lists_the_consultants_municipalities(client_for, consultant, ostrava, kladno):
    response = client_for(consultant).get("/consultant/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ostrava" in body and "Kladno" in body


def test_it_lists_nothing_for_a_partner(client_for, partner):
    body = client_for(partner).get("/consultant/").content.decode()
    assert "Ostrava" not in body.split("<main", 1)[1]


def test_it_requires_login(client, db):
    assert client.get("/consultant/").status_code == 302


def test_it_shows_the_municipality_dashboard_to_analysts_only(client_for, writer, partner, member, ostrava):
    assert client_for(writer).get(f"/m/{ostrava.slug}/analytics/").status_code == 200
    assert client_for(partner).get(f"/m/{ostrava.slug}/analytics/").status_code == 403
    assert client_for(member).get(f"/m/{ostrava.slug}/analytics/").status_code == 403


def test_it_answers_404_to_another_municipality(client_for, kladno_gestor, ostrava):
    assert client_for(kladno_gestor).get(f"/m/{ostrava.slug}/analytics/").status_code == 404
