"""The end of a round's procedure: closing early (with a confirmation), an invitee sending their
comments and reading the receipt, and the "you said, we did" page for people inside the portal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.forms import add_service_messages

from . import closing, receipts
from .access import invitation_for_commenting, invitation_of, round_for, sees_settlements
from .forms import CloseEarlyForm, SubmitForm
from .models import Receipt
from .outcomes import you_said_we_did


@municipality_view("concepts.manage_rounds")
def round_close(request, municipality, pk):
    """GET: the confirmation (silent invitees, pending requests for more time). POST: close now."""
    round = round_for(request.user, municipality, pk)
    form = CloseEarlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closing.round_close_early(round=round, actor=request.user)
        except ValidationError as exc:
            add_service_messages(request, exc)
        else:
            messages.success(request, _("The round was closed. The invitees were told."))
        return redirect(round.get_absolute_url())
    if not round.can_close_early:
        messages.error(request, _("Only an open round can be closed early."))
        return redirect(round.get_absolute_url())
    return render(request, "rounds/round_close.html", {
        "municipality": municipality, "round": round, "form": form, **closing.close_early_preview(round),
    })


@municipality_view("concepts.comment", hide=True)
@require_POST
def comments_submit(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_for_commenting(request.user, round)
    if not SubmitForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm that these are your comments."))
        return redirect("rounds:my_comments", municipality.slug, round.pk)
    try:
        receipt = receipts.comments_submit(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        add_service_messages(request, exc)
        return redirect("rounds:my_comments", municipality.slug, round.pk)
    messages.success(request, _("Your comments were sent. The receipt is below and on its way by e-mail."))
    return redirect(receipt.get_absolute_url())


@municipality_view()
def receipt_detail(request, municipality, pk, number):
    """An invitee's own receipt; the gestor (who manages rounds) may read anyone's latest from the list."""
    round = round_for(request.user, municipality, pk)
    invitation = invitation_of(request.user, round)
    if invitation is None:  # nobody else's receipts
        raise Http404
    receipt = get_object_or_404(Receipt.objects.select_related("invitation"), invitation=invitation, number=number)
    return render(request, "rounds/receipt.html", {
        "municipality": municipality, "round": round, "receipt": receipt, "invitation": invitation,
        "is_latest": not Receipt.objects.filter(invitation=invitation, number__gt=receipt.number).exists(),
    })


@municipality_view("concepts.manage_rounds")
def receipt_for_gestor(request, municipality, pk, receipt_pk):
    round = round_for(request.user, municipality, pk)
    receipt = get_object_or_404(Receipt.objects.select_related("invitation"), invitation__round=round, pk=receipt_pk)
    return render(request, "rounds/receipt.html", {
        "municipality": municipality, "round": round, "receipt": receipt, "invitation": receipt.invitation,
        "is_latest": not Receipt.objects.filter(invitation=receipt.invitation, number__gt=receipt.number).exists(),
    })


@municipality_view()
def round_outcome(request, municipality, pk):
    """"Ptali jsme se / Řekli jste / Udělali jsme" inside the portal, once the table is published."""
    round = round_for(request.user, municipality, pk)
    if not (round.is_published and sees_settlements(request.user, round)):
        return redirect(round.get_absolute_url())
    return render(request, "rounds/outcome.html", {
        "municipality": municipality, "round": round, "outcome": you_said_we_did(round), "public": False,
    })
