"""Second factor: required for the roles that see household identities, optional for the rest,
with a first-time setup (server-rendered QR code and the secret as text) and recovery codes.
The demo users are exempt in the embedded mode only."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db
PAGE = "/m/ostrava/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED = True
    settings.OTP_EXEMPT_DEMO_USERS = True


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _set_up(client) -> list[str]:
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": _code(device), "next": PAGE}, follow=True)
    return re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())


def test_a_household_identity_role_without_totp_is_sent_to_set_it_up(social_worker, client_for):
    """Acceptance 8."""
    response = client_for(social_worker).get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("otp_setup")) and "next=%2Fm%2Fostrava%2F" in response.url


def test_the_setup_page_shows_a_server_rendered_qr_code_and_the_secret(social_worker, client_for):
    response = client_for(social_worker).get(reverse("otp_setup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    qr = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(qr).lstrip().startswith(b"<?xml") or b"<svg" in base64.b64decode(qr)
    device = TOTPDevice.objects.get(user=social_worker, confirmed=False)
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    # reloading keeps the same secret (the app was perhaps already scanned)
    client_for(social_worker).get(reverse("otp_setup"))
    assert TOTPDevice.objects.filter(user=social_worker).count() == 1


def test_setting_it_up_gives_recovery_codes_and_opens_the_portal(social_worker, client_for):
    client = client_for(social_worker)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    wrong = client.post(reverse("otp_setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the next try wait a second (django-otp throttling)
    codes = _set_up(client)
    assert len(codes) == 10
    assert client.get(PAGE).status_code == 200
    # shown once only
    assert "<li>" + codes[0] not in client.get(reverse("otp_recovery_codes")).content.decode()


def test_the_next_sign_in_asks_for_the_code_and_a_recovery_code_works_once(social_worker, client_for):
    codes = _set_up(client_for(social_worker))
    client = client_for(social_worker)
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
    # with a device, the setup page cannot be used to replace it before verifying
    assert client.get(reverse("otp_setup")).url.startswith(reverse("otp_verify"))
    assert client.post(reverse("otp_verify"), {"token": codes[0], "next": PAGE}).url == PAGE
    assert client.get(PAGE).status_code == 200
    again = client_for(social_worker)
    response = again.post(reverse("otp_verify"), {"token": codes[0], "next": PAGE})
    assert response.status_code == 200 and response.context["form"].errors["token"]


def test_a_totp_code_verifies_and_an_outside_next_is_ignored(social_worker, client_for):
    _set_up(client_for(social_worker))
    device = TOTPDevice.objects.get(user=social_worker, confirmed=True)
    device.last_t = -1
    device.save()
    client = client_for(social_worker)
    response = client.post(reverse("otp_verify"), {"token": _code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


def test_it_is_optional_for_staff_who_do_not_see_identities(writer, gestor, client_for):
    assert client_for(writer).get(PAGE).status_code == 200
    assert client_for(gestor).get(PAGE).status_code == 200
    # ...but once someone chose to set it up, it is asked for
    _set_up(client_for(writer))
    assert client_for(writer).get(PAGE).url.startswith(reverse("otp_verify"))


def test_demo_users_are_exempt_in_the_embedded_mode_only(ostrava, client_for, settings):
    demo = person("socialni.ostrava", ostrava, Role.SOCIAL_WORKER)
    assert client_for(demo).get(PAGE).status_code == 200
    settings.OTP_EXEMPT_DEMO_USERS = False  # what production sets
    assert client_for(demo).get(PAGE).url.startswith(reverse("otp_setup"))


def test_production_always_requires_it_and_never_exempts_demo_users():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a",
           "OTP_REQUIRED": "0"}
    out = subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.OTP_REQUIRED, s.OTP_EXEMPT_DEMO_USERS)"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert out == ["True", "False"]
