"""Public consultation pages: no account; anyone reads a public round's version and leaves a
comment that appears only after the e-mail address is confirmed and staff have approved it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from portal.audit import client_ip
from portal.forms import add_service_errors
from portal.lists import list_page

from .access import public_round
from .exports import table_rows
from .filters import PublicRoundFilter
from .forms import PublicCommentForm, PublicQuoteQuery
from .models import Comment, Round
from .outcomes import you_said_we_did
from .public_services import public_comment_confirm, public_comment_submit, public_settlements_from_token
from .reading import reading_document, reading_toc
from .selectors import section_comment_counts

# How long the name and e-mail of a public commenter are kept after the round is published.
PUBLIC_RETENTION_YEARS = 5


def _approved(round: Round):
    return Comment.objects.filter(round=round, is_public=True).active()


def _public_rounds():
    return (
        Round.objects.filter(audience=Round.Audience.PUBLIC, opens_at__lte=timezone.now())
        .exclude(status=Round.Status.DRAFT).with_state().select_related("municipality", "version")
    )


def round_list(request):
    filterset, page = list_page(request, PublicRoundFilter, _public_rounds(), per_page=20)
    return render(request, "rounds/public/round_list.html", {"page": page, "filter": filterset})


def landing(request):
    """``/`` for someone not signed in: the open and closed public consultations of every
    municipality, and a way to sign in."""
    rounds = _public_rounds()
    return render(request, "rounds/public/landing.html", {
        "open": list(rounds.filter(state=Round.Status.OPEN).order_by("deadline")[:20]),
        "closed": list(rounds.exclude(state=Round.Status.OPEN).order_by("-deadline")[:20]),
    })


def outcome(request, municipality_slug, pk):
    """"Ptali jsme se / Řekli jste / Udělali jsme" of a published public round."""
    round = public_round(municipality_slug, pk)
    if not round.is_published:
        return redirect(round.get_public_url())
    return render(request, "rounds/outcome.html", {"round": round, "outcome": you_said_we_did(round), "public": True})


def privacy(request):
    """What is stored about a public commenter, why, for how long and who sees it."""
    return render(request, "rounds/public/privacy.html", {"retention_years": PUBLIC_RETENTION_YEARS})


def round_page(request, municipality_slug, pk):
    round = public_round(municipality_slug, pk)
    counts = section_comment_counts(round, _approved(round))
    is_open = round.is_open
    return render(request, "rounds/public/round_page.html", {
        "round": round, "toc": reading_toc(round, public=True), "is_open": is_open,
        "document": reading_document(round, counts=counts, can_comment=is_open, public=True),
    })


@never_cache
def comment(request, municipality_slug, pk):
    round = public_round(municipality_slug, pk)
    initial = PublicQuoteQuery.of(request, version=round.version).values
    section = initial["section"]
    form = PublicCommentForm(request.POST or None, version=round.version, initial=initial)
    if request.method == "POST":
        if form.is_bot():
            # A bot filled the hidden field: answer as if all went well, save nothing.
            return redirect("public:thanks", round.municipality.slug, round.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                public_comment_submit(
                    round=round, name=data["name"], email=data["email"], ip=client_ip(request),
                    **form.service_fields(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("public:thanks", round.municipality.slug, round.pk)
    return render(request, "rounds/public/comment_form.html", {
        "round": round, "form": form, "section": section, "is_open": round.is_open,
    })


def thanks(request, municipality_slug, pk):
    round = public_round(municipality_slug, pk)
    return render(request, "rounds/public/thanks.html", {"round": round})


@never_cache
def confirm(request, token):
    try:
        comment = public_comment_confirm(token=token)
    except ValidationError as exc:
        return render(request, "rounds/public/invalid.html", {"reason": exc.messages[0]}, status=410)
    return render(request, "rounds/public/confirmed.html", {"comment": comment, "round": comment.round})


def table(request, municipality_slug, pk):
    round = public_round(municipality_slug, pk)
    if not round.is_published:
        return redirect(round.get_public_url())
    return render(request, "rounds/public/table.html", {"round": round, "rows": table_rows(round)})


@never_cache
def my_settlements(request, token):
    try:
        round, email = public_settlements_from_token(token)
    except ValidationError as exc:
        return render(request, "rounds/public/invalid.html", {"reason": exc.messages[0]}, status=410)
    rows = [row for row in table_rows(round) if row["is_public"] and row["author_email"].lower() == email]
    return render(request, "rounds/public/table.html", {"round": round, "rows": rows, "mine": True})
