from axes.models import AccessAttempt

from tests.factories import PASSWORD


def test_it_locks_a_username_after_repeated_failures(client, gestor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/login/", {"username": "gestor", "password": "spatne"})
    response = client.post("/accounts/login/", {"username": "gestor", "password": PASSWORD})
    assert response.status_code == 429
    assert "30" in response.content.decode()
    assert AccessAttempt.objects.filter(username="gestor").exists()


def test_it_does_not_lock_a_colleague_from_the_same_address(client, gestor, writer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/login/", {"username": "gestor", "password": "spatne"})
    response = client.post("/accounts/login/", {"username": "metodik", "password": PASSWORD})
    assert response.status_code == 302
