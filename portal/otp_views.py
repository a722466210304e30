"""Second factor pages: first-time setup (QR code and the secret as text), verification at sign-in,
and recovery codes (shown once, renewable)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device

from .lists import QueryForm
from .otp_services import (
    recovery_codes_new,
    second_factor_verify,
    totp_confirm,
    totp_pending,
    totp_qr_data_uri,
    totp_secret_text,
)
from .permissions import otp_required

FRESH_CODES = "portal_recovery_codes"


class NextQuery(QueryForm):
    """Where to go once the code is right (``?next=/m/ostrava/``); checked by :func:`_next`."""

    next = forms.CharField(required=False, initial="", max_length=2000)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or NextQuery.of(request).values["next"]
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@never_cache
@login_required
def otp_setup(request):
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        # Only after verifying the current factor may someone replace it.
        return redirect(_to("otp_verify", request.get_full_path()))
    device = totp_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is None:
            form.add_error("token", _("This code is not right. Check the time on your phone and type the current code."))
        else:
            otp_login(request, device)
            request.session[FRESH_CODES] = codes
            messages.success(request, _("The second factor is set up."))
            return redirect(_to("otp_recovery_codes", _next(request)))
    return render(request, "portal/otp_setup.html", {
        "form": form, "qr": totp_qr_data_uri(device), "secret": totp_secret_text(device), "next": _next(request),
        "required": otp_required(user), "replacing": user_has_device(user, confirmed=True),
    })


@never_cache
@login_required
def otp_verify(request):
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(_to("otp_setup", _next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor_verify(user=user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("This code is not right, or it was used already."))
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "portal/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def otp_recovery_codes(request):
    """Shows the codes just made, once; a verified person may make new ones (the old stop working)."""
    if not request.user.is_verified():
        return redirect(_to("otp_verify", request.get_full_path()))
    if request.method == "POST":
        request.session[FRESH_CODES] = recovery_codes_new(user=request.user)
        messages.success(request, _("New recovery codes were made; the old ones no longer work."))
        return redirect(_to("otp_recovery_codes", _next(request)))
    codes = request.session.pop(FRESH_CODES, None)
    return render(request, "portal/otp_recovery_codes.html", {"codes": codes, "next": _next(request)})


def _to(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"
