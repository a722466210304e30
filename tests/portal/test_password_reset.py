import re


def test_it_resets_a_password_by_email(client, gestor, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": gestor.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Nove-Heslo-2026!", "new_password2": "Nove-Heslo-2026!"})
    assert response.status_code == 302
    gestor.refresh_from_db()
    assert gestor.check_password("Nove-Heslo-2026!")


def test_it_changes_a_password(client_for, gestor):
    from tests.factories import PASSWORD

    client = client_for(gestor)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "Jine-Heslo-2026!", "new_password2": "Jine-Heslo-2026!"},
    )
    assert response.status_code == 302
    gestor.refresh_from_db()
    assert gestor.check_password("Jine-Heslo-2026!")


def test_it_shows_the_profile_and_saves_notification_choice(client_for, gestor):
    client = client_for(gestor)
    assert client.get("/accounts/profile/").status_code == 200
    response = client.post(
        "/accounts/profile/",
        {"first_name": "Jana", "last_name": "Nováková", "email": "jana@example.cz", "job_title": "", "phone": "",
         "language": "cs", "notification_mode": "digest"},
    )
    assert response.status_code == 302
    gestor.profile.refresh_from_db()
    assert gestor.profile.notification_mode == "digest"


def test_it_heads_each_password_form_by_what_it_does_and_refuses_a_used_link(client, client_for, gestor):
    def heading(response):
        return re.search(r"<h1[^>]*>([^<]+)</h1>", response.content.decode()).group(1).strip()

    assert heading(client.get("/accounts/password/reset/")) == "Obnovit heslo"
    assert heading(client_for(gestor).get("/accounts/password/change/")) == "Změnit heslo"
    used = client.get("/accounts/reset/MQ/abc-123/")
    assert heading(used) == "Nastavit nové heslo"
    assert "Tento odkaz již neplatí." in used.content.decode() and "<form" not in used.content.decode().split("<main")[-1]
