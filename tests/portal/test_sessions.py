"""Session policy: an idle timeout (30 minutes for roles that see household identities, 8 hours
otherwise, both settings) and an absolute lifetime counted from sign-in."""

import time

import pytest
from django.urls import reverse

from portal.session_middleware import LOGIN_AT, SEEN_AT

pytestmark = pytest.mark.django_db
HOME = "/"


def _age(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"seen": SEEN_AT, "login": LOGIN_AT}[key]] = now - ago
    session.save()


def _signed_out(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_social_worker_is_signed_out_after_30_quiet_minutes(social_worker, client_for):
    client = client_for(social_worker)
    assert client.get(HOME).status_code == 200
    _age(client, seen=29 * 60)
    assert client.get(HOME).status_code == 200  # activity restarts the idle clock
    _age(client, seen=31 * 60)
    assert _signed_out(client.get(HOME))
    # and stays signed out (the home page now shows the public landing page to anonymous visitors)
    assert not client.get(HOME).wsgi_request.user.is_authenticated


def test_other_roles_stay_signed_in_for_hours_of_quiet_but_not_eight(writer, client_for):
    client = client_for(writer)
    _age(client, seen=3 * 60 * 60)
    assert client.get(HOME).status_code == 200
    _age(client, seen=8 * 60 * 60 + 60)
    assert _signed_out(client.get(HOME))


def test_the_idle_timeouts_are_settings(writer, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    client = client_for(writer)
    _age(client, seen=11 * 60)
    assert _signed_out(client.get(HOME))


def test_a_busy_session_ends_after_the_absolute_lifetime(writer, client_for, settings):
    client = client_for(writer)
    _age(client, login=settings.SESSION_ABSOLUTE_LIFETIME - 60, seen=5)
    assert client.get(HOME).status_code == 200
    _age(client, login=settings.SESSION_ABSOLUTE_LIFETIME + 60, seen=5)
    response = client.get(HOME)
    assert _signed_out(response)
    assert "next=%2F" in response.url


def test_a_programme_coordinator_counts_as_an_identity_role(coordinator, ostrava, client_for):
    from tests.pilots.factories import ProgrammeFactory

    client = client_for(coordinator)
    _age(client, seen=40 * 60)
    assert client.get(HOME).status_code == 200  # a coordinator without a programme: 8 hours
    ProgrammeFactory(municipality=ostrava, coordinator=coordinator)
    client = client_for(coordinator)
    _age(client, seen=40 * 60)
    assert _signed_out(client.get(HOME))
