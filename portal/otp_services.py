"""The second factor (django-otp): a TOTP app plus one-time recovery codes.

Required for the roles that see household identities (``portal.permissions.otp_required``),
optional for everyone else; once someone has set it up, it is asked for at every sign-in.
"""

from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit
from .models import AuditEntry

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def totp_pending(*, user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (the same secret on every reload of the page)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret as a person types it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The provisioning URI as a QR code, an SVG rendered here (no outside service sees the secret)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code from the app. Returns fresh recovery codes, or None
    when the code was wrong. Any older TOTP device of the person is removed."""
    if device.user_id != user.pk or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_new(user=user)
    audit(actor=user, action=AuditEntry.Action.UPDATE, obj=user, detail={"second_factor": "set up"})
    return codes


@transaction.atomic
def recovery_codes_new(*, user) -> list[str]:
    """Replace the person's recovery codes; each works once. Returned once, to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_verify(*, user, token: str):
    """The device that accepts ``token`` (a code from the app, or an unused recovery code, which is
    then spent), or None. Each device throttles repeated failures itself."""
    token = "".join(token.split())
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                return device
    return None
