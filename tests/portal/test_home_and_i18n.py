def test_it_shows_the_users_municipalities_only(client_for, consultant, gestor, ostrava, kladno):
    body = client_for(gestor).get("/").content.decode()
    assert "Ostrava" in body and "Kladno" not in body
    body = client_for(consultant).get("/").content.decode()
    assert "Ostrava" in body and "Kladno" in body


def test_it_speaks_czech_first_and_english_on_request(client_for, gestor):
    client = client_for(gestor)
    body = client.get("/").content.decode()
    assert '<html lang="cs">' in body
    assert "Přeskočit na hlavní obsah" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Skip to main content" in body


def test_it_has_the_accessible_landmarks(client):
    body = client.get("/accounts/login/").content.decode()
    for fragment in ['<a class="skip-link" href="#main">', "<main id=\"main\"", "<header", "<footer", "<title>"]:
        assert fragment in body
    assert 'for="id_username"' in body


def test_it_escapes_what_users_typed(client_for, gestor):
    gestor.first_name = "<script>alert(1)</script>"
    gestor.save(update_fields=["first_name"])
    body = client_for(gestor).get("/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_it_sets_a_content_security_policy(client):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_stays_czech_for_a_browser_asking_for_english(client_for, gestor):
    body = client_for(gestor).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="cs">' in body
