"""Pages of comment rounds for signed-in people: the list, a round, reading and commenting,
"my comments", invitees and extensions, the settlement workspace, the table and moderation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concepts.models import VersionSection
from portal.access import municipality_view
from portal.concurrency import versioned_action, versioned_edit
from portal.forms import add_service_errors, add_service_messages
from portal.lists import list_page

from . import comment_services, public_services, services
from .access import (
    invitation_for_commenting,
    invitation_of,
    own_comment_for,
    round_for,
    rounds_visible_to,
    sees_all_comments,
    sees_settlements,
)
from .filters import InvitationFilter, ModerationFilter, MyCommentFilter, RoundFilter
from .forms import (
    CommentEditForm,
    CommentForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ModerationForm,
    NoCommentsForm,
    QuoteQuery,
    ReopenForm,
    RoundForm,
    SubmitForm,
)
from .models import Comment, Round, RoundInvitation
from .reading import reading_document, reading_toc
from .receipts import latest_receipt, receipts_by_invitation
from .selectors import next_version_sections, section_comment_counts
from .stats import response_rates, round_stats

# --- rounds ----------------------------------------------------------------------------------


@municipality_view()
def round_list(request, municipality):
    rounds = rounds_visible_to(request.user, municipality).with_state().select_related("version", "municipality")
    filterset, page = list_page(request, RoundFilter, rounds, per_page=20)
    rates = response_rates(page.object_list)
    for round in page.object_list:
        round.invited_count, round.responded_count = rates.get(round.pk, (0, 0))
    return render(request, "rounds/round_list.html", {
        "municipality": municipality, "page": page, "filter": filterset,
        "can_manage": request.user.has_perm("concepts.manage_rounds", municipality),
    })


@municipality_view("concepts.manage_rounds")
def round_create(request, municipality):
    form = RoundForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_create(municipality=municipality, actor=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round was created as a draft."))
            return redirect(round.get_absolute_url())
    return render(request, "rounds/round_form.html", {"municipality": municipality, "form": form})


@municipality_view("concepts.manage_rounds")
def round_edit(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    form = RoundForm(request.POST or None, instance=round, municipality=municipality)
    return versioned_edit(
        request, form, lambda version, _data: services.round_update(
            round=Round.objects.get(pk=round.pk), actor=request.user, expected_version=version, **form.service_fields()),
        template="rounds/round_form.html", context={"municipality": municipality, "round": round},
        success_url=round.get_absolute_url(), cancel_url=round.get_absolute_url(),
        success_message=_("The round was saved."),
    )


@municipality_view()
def round_detail(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    staff = request.user.has_perm("concepts.view_concept", municipality)
    return render(request, "rounds/round_detail.html", {
        "municipality": municipality, "round": round, "state": round.state,
        "stats": round_stats(round) if staff else None,
        "invitation": invitation_of(request.user, round),
        "can_manage": request.user.has_perm("concepts.manage_rounds", municipality),
        "can_settle": request.user.has_perm("concepts.settle_comments", municipality),
        "can_moderate": round.is_public and request.user.has_perm("concepts.moderate_public_comments", municipality),
        "sees_table": sees_settlements(request.user, round) and not round.is_draft,
        "working_days_note": round.working_days,
        "reopen_form": ReopenForm(),
    })


def _round_action(request, municipality, pk, action, success: str):
    round = round_for(request.user, municipality, pk)
    try:
        action(round)
    except ValidationError as exc:
        add_service_messages(request, exc)
    else:
        messages.success(request, success)
    return redirect(round.get_absolute_url())


@municipality_view("concepts.manage_rounds")
@require_POST
def round_schedule(request, municipality, pk):
    return _round_action(request, municipality, pk, lambda r: services.round_schedule(round=r, actor=request.user),
                         _("The round is scheduled; it opens by itself at its opening time."))


@municipality_view("concepts.manage_rounds")
@require_POST
def round_open_now(request, municipality, pk):
    return _round_action(request, municipality, pk, lambda r: services.round_open_now(round=r, actor=request.user),
                         _("The round is open. The invitations are being sent."))


@municipality_view("concepts.manage_rounds")
@require_POST
def round_reopen(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the new deadline."))
        return redirect(round.get_absolute_url())
    return _round_action(
        request, municipality, pk,
        lambda r: services.round_reopen(round=r, deadline=form.cleaned_data["deadline"], actor=request.user),
        _("The round is open again until the new deadline."),
    )


@municipality_view("concepts.settle_comments")
@require_POST
def round_complete(request, municipality, pk):
    # Publishing is the gestor's (DESIGN §4: opening and closing rounds): the methodologist who
    # completes the settlement is not promised a button she does not have.
    done = (_("The settlement is complete. You can now publish the table.")
            if request.user.has_perm("concepts.manage_rounds", municipality)
            else _("The settlement is complete. The gestor can now publish the table."))
    return _round_action(request, municipality, pk,
                         lambda r: comment_services.round_settle_complete(round=r, actor=request.user), done)


@municipality_view("concepts.manage_rounds")
@require_POST
def round_publish(request, municipality, pk):
    return _round_action(request, municipality, pk, lambda r: services.round_publish(round=r, actor=request.user),
                         _("The settlement table is published; the commenters are being told."))


# --- reading and commenting --------------------------------------------------------------


def _visible_comments(user, round: Round):
    comments = Comment.objects.filter(round=round).active()
    if not sees_all_comments(user, round):
        comments = comments.filter(author=user)
    return comments.select_related("organisation", "settlement").order_by("number")


@municipality_view()
def round_read(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_of(request.user, round)
    # Partners see counts of what they may read: their own comments until the table is published.
    # The comments themselves load per section on demand (views_reading.section_comments).
    # The sections come with the version's stored rendering (concepts.rendering), not a query.
    counts = section_comment_counts(round, _visible_comments(request.user, round))
    can_comment = bool(invitation and invitation.can_comment_at()
                       and request.user.has_perm("concepts.comment", municipality))
    document = reading_document(round, counts=counts, can_comment=can_comment)
    return render(request, "rounds/round_read.html", {
        "municipality": municipality, "round": round, "toc": reading_toc(round, counts=counts), "document": document,
        "invitation": invitation, "can_comment": can_comment,
        "show_settlements": sees_settlements(request.user, round),
    })


@municipality_view("concepts.comment", hide=True)
def comment_create(request, municipality, pk, section_pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_for_commenting(request.user, round)
    section = get_object_or_404(VersionSection, version=round.version, pk=section_pk)
    form = CommentForm(request.POST or None, version=round.version, section=section, initial=QuoteQuery.of(request).values)
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_services.comment_create(invitation=invitation, actor=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your comment no. %(n)s was saved.") % {"n": comment.number})
            return redirect(reverse("rounds:round_read", args=[municipality.slug, round.pk]) + f"#s-{section.uid}")
    return render(request, "rounds/comment_form.html", {
        "municipality": municipality, "round": round, "section": section, "form": form, "invitation": invitation,
    })


@municipality_view("concepts.comment", hide=True)
def comment_edit(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = own_comment_for(request.user, round, comment_pk)
    form = CommentEditForm(request.POST or None, comment=comment)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields.pop("section")
        try:
            comment_services.comment_update(comment=comment, actor=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your comment no. %(n)s was changed.") % {"n": comment.number})
            return redirect("rounds:my_comments", municipality.slug, round.pk)
    return render(request, "rounds/comment_form.html", {
        "municipality": municipality, "round": round, "section": comment.section, "form": form, "comment": comment,
        "invitation": comment.invitation,
    })


@municipality_view("concepts.comment", hide=True)
@require_POST
def comment_withdraw(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = own_comment_for(request.user, round, comment_pk)
    try:
        comment_services.comment_withdraw(comment=comment, actor=request.user)
    except ValidationError as exc:
        add_service_messages(request, exc)
    else:
        messages.success(request, _("Comment no. %(n)s was withdrawn.") % {"n": comment.number})
    return redirect("rounds:my_comments", municipality.slug, round.pk)


@municipality_view()
def my_comments(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_of(request.user, round)
    mine = Comment.objects.filter(round=round, author=request.user, is_public=False)
    filters, page = list_page(request, MyCommentFilter, mine.select_related("section", "settlement"))
    return render(request, "rounds/my_comments.html", {
        "municipality": municipality, "round": round, "invitation": invitation, "comments": page,
        "page": page, "filters": filters, "kinds": Comment.Kind.choices,
        "can_change": bool(invitation and invitation.can_comment_at()),
        # "No comments" is offered only to someone who has none (a withdrawn comment does not count).
        "offers_no_comments": not mine.filter(withdrawn_at__isnull=True).exists(),
        "show_settlements": sees_settlements(request.user, round), "no_comments_form": NoCommentsForm(),
        "submit_form": SubmitForm(), "receipt": latest_receipt(invitation),
        "next_sections": next_version_sections(round) if round.is_published else {},
    })


@municipality_view("concepts.comment", hide=True)
@require_POST
def no_comments(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_for_commenting(request.user, round)
    if not NoCommentsForm(request.POST).is_valid():
        messages.error(request, _("Tick the box to confirm that you have no comments."))
    else:
        try:
            services.invitation_declare_no_comments(invitation=invitation)
        except ValidationError as exc:
            add_service_messages(request, exc)
        else:
            messages.success(request, _("Thank you. We recorded that you have no comments."))
    return redirect("rounds:my_comments", municipality.slug, round.pk)


@municipality_view("concepts.comment", hide=True)
def extension_request(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_for_commenting(request.user, round)
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(invitation=invitation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the concept owner."))
            return redirect("rounds:my_comments", municipality.slug, round.pk)
    return render(request, "rounds/extension_form.html", {
        "municipality": municipality, "round": round, "invitation": invitation, "form": form,
    })


# --- invitees ----------------------------------------------------------------------------


@municipality_view("concepts.manage_rounds")
def invitation_list(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    filterset, page = list_page(request, InvitationFilter, services.answers_of(round), per_page=50)
    latest = receipts_by_invitation([i.pk for i in page.object_list])
    for inv in page.object_list:
        inv.latest_receipt = latest.get(inv.pk)
    return render(request, "rounds/invitation_list.html", {
        "municipality": municipality, "round": round, "page": page, "filter": filterset,
        "decision_form": ExtensionDecisionForm(),
    })


@municipality_view("concepts.manage_rounds")
@require_POST
def extension_decide(request, municipality, pk, invitation_pk):
    round = round_for(request.user, municipality, pk)
    invitation = get_object_or_404(RoundInvitation.objects.select_related("round", "user"), round=round, pk=invitation_pk)
    return versioned_action(
        request, ExtensionDecisionForm(request.POST), lambda version, data: services.extension_decide(
            invitation=invitation, grant=data["decision"] == "grant", until=data["until"], actor=request.user,
            expected_version=version),
        back_url=reverse("rounds:invitation_list", args=[municipality.slug, round.pk]),
        success_message=_("The decision was recorded and the invitee told."),
        invalid_message=_("Choose whether to grant or refuse."),
        title=invitation.name or invitation.email, context={"municipality": municipality},
    )


# --- moderation of public comments ------------------------------------------------------


@municipality_view("concepts.moderate_public_comments")
def moderation(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    comments = Comment.objects.filter(round=round, is_public=True).select_related("section").order_by("created_at")
    filterset, page = list_page(request, ModerationFilter, comments)
    return render(request, "rounds/moderation.html", {
        "municipality": municipality, "round": round, "page": page, "filter": filterset,
        "show": filterset.current["show"] or "pending", "form": ModerationForm(),
    })


@municipality_view("concepts.moderate_public_comments")
@require_POST
def comment_moderate(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = get_object_or_404(Comment, round=round, pk=comment_pk, is_public=True)
    return versioned_action(
        request, ModerationForm(request.POST), lambda version, data: public_services.comment_moderate(
            comment=comment, approve=data["action"] == "approve", reason=data["reason"], actor=request.user,
            expected_version=version),
        back_url=reverse("rounds:moderation", args=[municipality.slug, round.pk]) + "?show=pending",
        success_message=_("The comment was moderated."), invalid_message=_("The page is out of date. Reload it."),
        title=_("Moderation"), context={"municipality": municipality},
    )
