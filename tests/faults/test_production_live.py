"""Acceptance 6: the portal served by gunicorn in production mode (DJANGO_ENV=production, behind an
HTTPS proxy) sends household pages and downloads with no-store, other signed-in pages private, the
CSP, HSTS, and secure, HTTP-only session and CSRF cookies."""

import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pilots.models import ProgrammeKind
from tests.conftest import poll
from tests.factories import PASSWORD
from tests.pilots.factories import HouseholdFactory, IdentityFactory, ProgrammeFactory
from tests.workgroups.factories import GroupFactory, MeetingFactory, MemberFactory
from workgroups.models import MeetingAttachment

from .conftest import ROOT, service_env, shared_test_database_url

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "live-production-test-only-9b1e7c3a5d2f4e6081a3c5e7f9b1d3e5a7c9e1f3b5d7"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Enough of a browser over plain HTTP behind a TLS-terminating proxy: keeps cookies by hand
    (they are Secure, so a cookie jar would not send them over http)."""

    def __init__(self, base: str):
        self.base, self.cookies, self.set_cookies = base, {}, []

    def request(self, path: str, data: dict | None = None):
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://127.0.0.1",
                            "Referer": "https://127.0.0.1/accounts/login/"})
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = OPENER.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookies.append(header)
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.headers, response.read().decode(errors="replace")

    def cookie_header(self, name: str) -> str:
        return next(h for h in reversed(self.set_cookies) if h.startswith(f"{name}="))


def _token(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def _totp(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_sends_the_security_headers_in_production(ostrava, social_worker, coordinator, tmp_path):
    """The social worker sees household identities, so production asks for the second factor
    before any page; the test signs in with it as a real person would, then checks every
    household page and real downloads (an export built by the portal, a meeting attachment)."""
    database_url = shared_test_database_url()
    programme = ProgrammeFactory(municipality=ostrava, kind=ProgrammeKind.CRISIS, name="Krizové bydlení",
                                 coordinator=coordinator)
    programme.social_workers.add(social_worker)
    household = HouseholdFactory(programme=programme)
    IdentityFactory(household=household, name="Jana Dvořáčková", birth_year=1988)
    type(social_worker).objects.filter(pk=social_worker.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"))  # the production hasher
    device = TOTPDevice.objects.create(user=social_worker, name="authenticator", confirmed=True)
    meeting = MeetingFactory(group=GroupFactory(municipality=ostrava))
    MemberFactory(group=meeting.group, user=social_worker, full_name="Socialni Pracovnice")
    attachment = MeetingAttachment(meeting=meeting, filename="podklad.pdf", content_type="application/pdf",
                                   size=len(PDF))
    attachment.file.save("podklad.pdf", ContentFile(PDF))

    env = service_env(DJANGO_ENV="production", DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="127.0.0.1",
                      DATABASE_URL=database_url, STATIC_ROOT=tmp_path / "static", CELERY_TASK_ALWAYS_EAGER="1",
                      MEDIA_ROOT=attachment.file.storage.location)
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,  # noqa: S603
                   check=True, capture_output=True, timeout=300)
    port = _free_port()
    log = open(tmp_path / "gunicorn.log", "ab")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1",
         "--forwarded-allow-ips", "127.0.0.1"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    browser = Browser(f"http://127.0.0.1:{port}")

    def server_log() -> str:
        return (tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:]

    try:
        poll(lambda: _up(browser), timeout=60, every=0.2, what="gunicorn to start")
        status, headers, body = browser.request("/accounts/login/")
        assert status == 200
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        csrf = browser.cookie_header("csrftoken")
        assert "Secure" in csrf and "SameSite=Lax" in csrf

        status, headers, _ = browser.request(
            "/accounts/login/", {"csrfmiddlewaretoken": _token(body), "username": social_worker.username,
                                 "password": PASSWORD})
        assert status == 302, server_log()
        session = browser.cookie_header("sessionid")
        assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session

        slug, pk = ostrava.slug, household.pk
        household_list = reverse("pilots:household_list", args=[slug])
        # Production asks this role for the second factor before any household page.
        status, headers, _ = browser.request(household_list)
        assert status == 302 and headers["Location"].startswith(reverse("otp_verify")), headers["Location"]
        status, headers, body = browser.request(headers["Location"])
        assert status == 200 and "no-store" in headers["Cache-Control"]
        status, headers, _ = browser.request(
            reverse("otp_verify"), {"csrfmiddlewaretoken": _token(body), "token": _totp(device), "next": household_list})
        assert status == 302 and headers["Location"] == household_list, server_log()

        for name, args, shows in [
            ("household_list", [slug], household.code), ("household_detail", [slug, pk], household.code),
            ("household_edit", [slug, pk], 'name="csrfmiddlewaretoken"'),
            ("identity_detail", [slug, pk], "Jana Dvořáčková"),
        ]:
            status, headers, body = browser.request(reverse(f"pilots:{name}", args=args))
            assert status == 200, (name, server_log())
            assert shows in body, name  # the page itself, not a redirect or an error page
            assert "no-store" in headers["Cache-Control"], name
            assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

        # A real export: started on the household's page, built by the task, downloaded.
        export = reverse("pilots:household_export", args=[slug, pk])
        status, headers, body = browser.request(export)
        assert status == 200 and "no-store" in headers["Cache-Control"]
        status, headers, _ = browser.request(export, {"csrfmiddlewaretoken": _token(body), "format": "json"})
        assert status == 302 and headers["Location"].startswith("/jobs/"), server_log()
        job_page = headers["Location"]
        status, headers, _ = browser.request(job_page)
        assert status == 200 and "private" in headers["Cache-Control"]
        status, headers, body = browser.request(job_page.rstrip("/") + "/download/")
        assert status == 200, server_log()
        assert "no-store" in headers["Cache-Control"]
        assert headers["Content-Disposition"].startswith("attachment")
        assert household.code in body and "Jana Dvořáčková" in json.dumps(json.loads(body), ensure_ascii=False)

        # A meeting attachment is a download too.
        status, headers, body = browser.request(
            reverse("workgroups:attachment_download", args=[slug, meeting.pk, attachment.pk]))
        assert status == 200, server_log()
        assert "no-store" in headers["Cache-Control"]
        assert headers["Content-Disposition"].startswith("attachment") and body.encode() == PDF

        # Every other page of the signed-in person is private, not no-store.
        for path in (reverse("municipality_detail", args=[slug]), meeting.get_absolute_url()):
            status, headers, _ = browser.request(path)
            assert status == 200, path
            assert "private" in headers["Cache-Control"] and "no-store" not in headers["Cache-Control"], path
        # Plain HTTP (no proxy header) is sent to HTTPS.
        request = urllib.request.Request(browser.base + "/accounts/login/", headers={"Host": "127.0.0.1"})
        try:
            OPENER.open(request, timeout=30)
            raise AssertionError("expected a redirect to https")
        except urllib.error.HTTPError as error:
            assert error.code == 301 and error.headers["Location"].startswith("https://")
    finally:
        server.terminate()
        server.wait(20)
        log.close()


def _up(browser: Browser) -> bool:
    try:
        browser.request("/healthz")
        return True
    except OSError:
        return False
