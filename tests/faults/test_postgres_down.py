"""Acceptance 4: with the test's own PostgreSQL (port 5441) stopped, pages answer 503 with
Retry-After — a signed-in page, a public page and the health check — and after the restart the
next request is 200. The portal runs as a real server process against that PostgreSQL."""

import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.conftest import poll

from .conftest import ROOT, service_env, shared_test_database_url

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, cookie: str = ""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_it_answers_503_with_retry_after_while_postgres_is_down_and_200_after_restart(
    own_postgres, gestor, tmp_path
):
    shared_test_database_url()  # PostgreSQL only: its dump seeds the server's own database
    client = Client()
    client.force_login(gestor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    pg_bin = own_postgres.bin
    source = connection.settings_dict
    dump = subprocess.run(  # noqa: S603
        [str(pg_bin / "pg_dump"), "-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432),
         "-U", source["USER"], "--no-owner", source["NAME"]], check=True, capture_output=True, timeout=120,
    ).stdout
    own = ["-h", "127.0.0.1", "-p", str(own_postgres.port), "-U", "postgres"]
    subprocess.run([str(pg_bin / "createdb"), *own, "koncepce"], check=True, timeout=60)  # noqa: S603
    subprocess.run([str(pg_bin / "psql"), *own, "-q", "-v", "ON_ERROR_STOP=1", "-d", "koncepce"],  # noqa: S603
                   input=dump, check=True, capture_output=True, timeout=120)

    port = _free_port()
    env = service_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:{own_postgres.port}/koncepce", DJANGO_DEBUG="0",
                      CELERY_TASK_ALWAYS_EAGER="1")
    env.pop("REDIS_URL", None)
    log = tmp_path / "server.log"
    with open(log, "ab") as handle:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        poll(lambda: _is_up(base), timeout=60, every=0.2, what="the server to start")
        status, _headers, body = _get(base + "/", cookie)
        assert status == 200, body[:500]

        own_postgres.stop()
        for path, with_cookie in (("/", True), ("/public/", False), ("/m/ostrava/", True)):
            status, headers, body = _get(base + path, cookie if with_cookie else "")
            assert status == 503, (path, status, body[:300])
            assert headers.get("Retry-After") == "30", path
            assert "no-store" in headers.get("Cache-Control", "")
        status, headers, _body = _get(base + "/healthz")
        assert status == 503

        own_postgres.start()
        status, _headers, body = _get(base + "/", cookie)
        assert status == 200, body[:500]
    finally:
        server.terminate()
        server.wait(20)


def _is_up(base: str) -> bool:
    try:
        _get(base + "/accounts/login/")
        return True
    except OSError:
        return False


