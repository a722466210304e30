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


def test_a_name_longer_than_any_account_is_refused_next_to_the_field(client, gestor):
    """Found by the fuzzer: a 300-character name reached django-axes, whose record of the failed
    attempt holds 255 characters (a DataError on PostgreSQL, a 500)."""
    for url in ("/accounts/login/", "/admin/login/"):
        response = client.post(url, {"username": "g" * 300, "password": "spatne"})
        assert response.status_code == 200, url
        assert response.context["form"].errors["username"], url
    assert not AccessAttempt.objects.exists()
