"""The database down answers 503 with Retry-After on every page, never a 500 (in-process part;
tests/faults/test_postgres_down.py stops a real PostgreSQL)."""

from django.db import OperationalError
from django.test import Client, RequestFactory

from portal.resilience import DatabaseUnavailableMiddleware, server_error


def test_it_turns_a_database_error_in_a_view_into_503(db):
    def view(request):
        raise OperationalError("connection refused")

    response = DatabaseUnavailableMiddleware(view).process_exception(RequestFactory().get("/"), OperationalError("x"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_it_answers_503_from_the_error_handler_for_database_errors_outside_views(db):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503 and response["Retry-After"] == "30"


def test_it_keeps_500_for_other_errors(db):
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(RequestFactory().get("/")).status_code == 500


def test_it_answers_503_for_a_signed_in_page_when_the_session_table_cannot_be_read(db, gestor, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    client = Client(raise_request_exception=False)
    client.force_login(gestor)

    def down(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", down)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Nic z toho" in response.content.decode() or "Nothing you saved" in response.content.decode()
