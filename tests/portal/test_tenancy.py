"""Another municipality's objects answer 404; a role without the permission gets 403."""


def test_it_answers_404_for_another_municipality(client_for, kladno_gestor, ostrava):
    client = client_for(kladno_gestor)
    for url in [f"/m/{ostrava.slug}/", f"/m/{ostrava.slug}/members/", f"/m/{ostrava.slug}/audit/",
                f"/m/{ostrava.slug}/members/invite/"]:
        assert client.get(url).status_code == 404, url


def test_it_answers_404_for_an_unknown_municipality(client_for, gestor):
    assert client_for(gestor).get("/m/neexistuje/").status_code == 404


def test_it_refuses_a_read_only_role_with_403(client_for, member, ostrava):
    client = client_for(member)
    assert client.get(f"/m/{ostrava.slug}/").status_code == 200
    assert client.get(f"/m/{ostrava.slug}/members/invite/").status_code == 403
    assert client.post(f"/m/{ostrava.slug}/members/invite/", {"email": "x@example.cz", "role": "member"}).status_code == 403


def test_it_requires_login(client, ostrava):
    response = client.get(f"/m/{ostrava.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_overview_to_a_member(client_for, partner, ostrava):
    response = client_for(partner).get(f"/m/{ostrava.slug}/")
    assert response.status_code == 200
    assert "Ostrava" in response.content.decode()
