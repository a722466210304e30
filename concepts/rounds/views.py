"""Pages of comment rounds for signed-in people: the list, a round, reading and commenting,
"my comments", invitees and extensions, the settlement workspace, the table and moderation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concepts.models import VersionSection
from concepts.rendering import toc_sections
from portal.access import municipality_view
from portal.forms import add_service_errors, add_service_messages
from portal.jobs import job_start

from . import comment_services, public_services, services
from .access import (
    comment_for_staff,
    invitation_for_commenting,
    invitation_of,
    own_comment_for,
    round_for,
    rounds_visible_to,
    sees_all_comments,
    sees_settlements,
)
from .forms import (
    BulkSettlementForm,
    CommentEditForm,
    CommentForm,
    DisputeForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ModerationForm,
    NoCommentsForm,
    ReopenForm,
    RoundForm,
    SettlementForm,
)
from .models import Comment, Round, RoundInvitation, Settlement
from .reading import reading_document
from .selectors import next_version_sections, section_comment_counts, settlement_rows
from .stats import response_rates, round_stats

SORTS = {"deadline": "deadline", "-deadline": "-deadline", "title": "title", "opens": "-opens_at"}


# --- rounds ----------------------------------------------------------------------------------


@municipality_view()
def round_list(request, municipality):
    rounds = rounds_visible_to(request.user, municipality).with_state().select_related("version", "municipality")
    state = request.GET.get("state", "")
    if state in Round.Status.values:
        rounds = rounds.filter(state=state)
    sort = request.GET.get("sort", "opens")
    rounds = rounds.order_by(SORTS.get(sort, "-opens_at"), "-pk")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    rates = response_rates(page.object_list)
    for round in page.object_list:
        round.invited_count, round.responded_count = rates.get(round.pk, (0, 0))
    return render(request, "rounds/round_list.html", {
        "municipality": municipality, "page": page, "state": state, "sort": sort, "states": Round.Status.choices,
        "can_manage": request.user.has_perm("concepts.manage_rounds", municipality),
    })


@municipality_view("concepts.manage_rounds")
def round_create(request, municipality):
    form = RoundForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_create(municipality=municipality, created_by=request.user, **form.service_fields())
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
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(round=Round.objects.get(pk=round.pk), user=request.user, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round was saved."))
            return redirect(round.get_absolute_url())
    return render(request, "rounds/round_form.html", {"municipality": municipality, "form": form, "round": round})


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
        "sees_table": sees_settlements(request.user, round) and round.status != Round.Status.DRAFT,
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
    return _round_action(request, municipality, pk, lambda r: services.round_schedule(round=r, user=request.user),
                         _("The round is scheduled; it opens by itself at its opening time."))


@municipality_view("concepts.manage_rounds")
@require_POST
def round_open_now(request, municipality, pk):
    return _round_action(request, municipality, pk, lambda r: services.round_open_now(round=r, user=request.user),
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
        lambda r: services.round_reopen(round=r, deadline=form.cleaned_data["deadline"], user=request.user),
        _("The round is open again until the new deadline."),
    )


@municipality_view("concepts.settle_comments")
@require_POST
def round_complete(request, municipality, pk):
    return _round_action(request, municipality, pk,
                         lambda r: comment_services.round_settle_complete(round=r, by=request.user),
                         _("The settlement is complete. You can now publish the table."))


@municipality_view("concepts.manage_rounds")
@require_POST
def round_publish(request, municipality, pk):
    return _round_action(request, municipality, pk, lambda r: services.round_publish(round=r, by=request.user),
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
    sections = toc_sections(round.version)
    # Partners see counts of what they may read: their own comments until the table is published.
    # The comments themselves load per section on demand (views_reading.section_comments).
    counts = section_comment_counts(round, _visible_comments(request.user, round))
    for section in sections:
        section.comment_count = counts.get(section.pk, 0)
    can_comment = bool(invitation and invitation.can_comment_at()
                       and request.user.has_perm("concepts.comment", municipality))
    document = reading_document(round, sections=sections, counts=counts, can_comment=can_comment)
    return render(request, "rounds/round_read.html", {
        "municipality": municipality, "round": round, "sections": sections, "document": document,
        "invitation": invitation, "can_comment": can_comment,
    })


@municipality_view("concepts.comment", hide=True)
def comment_create(request, municipality, pk, section_pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_for_commenting(request.user, round)
    section = get_object_or_404(VersionSection, version=round.version, pk=section_pk)
    initial = {"quote": request.GET.get("quote", "")[:2000], "paragraph": request.GET.get("paragraph", "")}
    form = CommentForm(request.POST or None, version=round.version, section=section, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_services.comment_create(invitation=invitation, user=request.user, **form.service_fields())
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
            comment_services.comment_update(comment=comment, user=request.user, **fields)
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
        comment_services.comment_withdraw(comment=comment, user=request.user)
    except ValidationError as exc:
        add_service_messages(request, exc)
    else:
        messages.success(request, _("Comment no. %(n)s was withdrawn.") % {"n": comment.number})
    return redirect("rounds:my_comments", municipality.slug, round.pk)


@municipality_view()
def my_comments(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    invitation = invitation_of(request.user, round)
    comments = (
        Comment.objects.filter(round=round, author=request.user, is_public=False)
        .select_related("section", "settlement").order_by("number")
    )
    return render(request, "rounds/my_comments.html", {
        "municipality": municipality, "round": round, "invitation": invitation, "comments": comments,
        "can_change": bool(invitation and invitation.can_comment_at()),
        "show_settlements": sees_settlements(request.user, round), "no_comments_form": NoCommentsForm(),
        "next_sections": next_version_sections(round) if round.status == Round.Status.PUBLISHED else {},
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
    invitations = services.answers_of(round)
    answer = request.GET.get("answer", "")
    if answer == "silent":
        invitations = invitations.filter(commented=False, no_comments_at__isnull=True)
    elif answer == "commented":
        invitations = invitations.filter(commented=True)
    elif answer == "none":
        invitations = invitations.filter(commented=False, no_comments_at__isnull=False)
    elif answer == "extension":
        invitations = invitations.filter(extension_requested_at__isnull=False)
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return render(request, "rounds/invitation_list.html", {
        "municipality": municipality, "round": round, "page": page, "answer": answer,
        "decision_form": ExtensionDecisionForm(),
    })


@municipality_view("concepts.manage_rounds")
@require_POST
def extension_decide(request, municipality, pk, invitation_pk):
    round = round_for(request.user, municipality, pk)
    invitation = get_object_or_404(RoundInvitation.objects.select_related("round", "user"), round=round, pk=invitation_pk)
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.extension_decide(invitation=invitation, grant=form.cleaned_data["decision"] == "grant",
                                      until=form.cleaned_data["until"], by=request.user)
        except ValidationError as exc:
            add_service_messages(request, exc)
        else:
            messages.success(request, _("The decision was recorded and the invitee told."))
    else:
        messages.error(request, _("Choose whether to grant or refuse."))
    return redirect("rounds:invitation_list", municipality.slug, round.pk)


# --- settlement ----------------------------------------------------------------------------


@municipality_view("concepts.settle_comments")
def settle(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    form = BulkSettlementForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment_services.settlement_save(
                comments=list(data["comments"].select_related("round", "invitation", "invitation__round")),
                outcome=data["outcome"], justification=data["justification"],
                next_section_uid=data["next_section_uid"], by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)s comments were settled.") % {"n": len(data["comments"])})
            return redirect(request.get_full_path())
    comments = settlement_rows(round).select_related("invitation", "invitation__round", "round")
    filters = {key: request.GET.get(key, "") for key in ("section", "kind", "settled", "same")}
    if filters["section"].isdigit():
        comments = comments.filter(section_id=filters["section"])
    if filters["kind"] in Comment.Kind.values:
        comments = comments.filter(kind=filters["kind"])
    if filters["settled"] == "no":
        comments = comments.filter(settlement__isnull=True)
    elif filters["settled"] in Settlement.Outcome.values:
        comments = comments.filter(settlement__outcome=filters["settled"])
    elif filters["settled"] == "dispute":
        comments = comments.filter(kind=Comment.Kind.ESSENTIAL, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED)
    identical = comment_services.identical_groups(round)
    if filters["same"].isdigit():
        pk_ = int(filters["same"])
        comments = comments.filter(pk__in=[pk_, *identical.get(pk_, [])])
    page = Paginator(comments, 25).get_page(request.GET.get("page"))
    return render(request, "rounds/settle.html", {
        "municipality": municipality, "round": round, "page": page, "form": form, "filters": filters,
        "identical": identical, "sections": VersionSection.objects.filter(version=round.version).order_by("order"),
        "kinds": Comment.Kind.choices, "outcomes": Settlement.Outcome.choices, "now": timezone.now(),
        "stats": round_stats(round),
    })


@municipality_view("concepts.settle_comments")
def comment_settle(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = comment_for_staff(round, comment_pk)
    settlement = Settlement.objects.filter(comment=comment).first()
    initial = {"outcome": settlement.outcome, "justification": settlement.justification,
               "next_section_uid": str(settlement.next_section_uid or "")} if settlement else {}
    form = SettlementForm(request.POST or None, round=round, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.settlement_save(comments=[comment], by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Comment no. %(n)s was settled.") % {"n": comment.number})
            return redirect("rounds:comment_settle", municipality.slug, round.pk, comment.pk)
    dispute_form = None
    if settlement and settlement.is_dispute:
        dispute_form = DisputeForm(initial={"dispute_meeting_on": settlement.dispute_meeting_on,
                                            "dispute_result": settlement.dispute_result,
                                            "dispute_note": settlement.dispute_note})
    return render(request, "rounds/comment_settle.html", {
        "municipality": municipality, "round": round, "comment": comment, "form": form, "settlement": settlement,
        "dispute_form": dispute_form, "identical": comment_services.identical_groups(round).get(comment.pk, []),
    })


@municipality_view("concepts.settle_comments")
@require_POST
def dispute_record(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = comment_for_staff(round, comment_pk)
    settlement = get_object_or_404(Settlement, comment=comment)
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            comment_services.dispute_record(
                settlement=settlement, meeting_on=form.cleaned_data["dispute_meeting_on"],
                result=form.cleaned_data["dispute_result"], note=form.cleaned_data["dispute_note"], by=request.user,
            )
        except ValidationError as exc:
            add_service_messages(request, exc)
        else:
            messages.success(request, _("The outcome of the dispute meeting was recorded."))
    else:
        messages.error(request, _("Fill in the date, the outcome and the record of the dispute meeting."))
    return redirect("rounds:comment_settle", municipality.slug, round.pk, comment.pk)


@municipality_view()
def settlement_table(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    if not sees_settlements(request.user, round):
        return redirect("rounds:my_comments", municipality.slug, round.pk)
    from .exports import table_rows

    return render(request, "rounds/settlement_table.html", {
        "municipality": municipality, "round": round, "rows": table_rows(round),
        "can_export": request.user.has_perm("concepts.view_concept", municipality),
    })


@municipality_view("concepts.view_concept")
@require_POST
def settlement_export(request, municipality, pk, fmt):
    from .tasks import export_settlement_pdf, export_settlement_xlsx

    round = round_for(request.user, municipality, pk)
    task = {"xlsx": export_settlement_xlsx, "pdf": export_settlement_pdf}.get(fmt)
    if task is None:
        return redirect("rounds:settlement_table", municipality.slug, round.pk)
    changed = Settlement.objects.filter(comment__round=round).order_by("-settled_at").values_list("settled_at", flat=True).first()
    job = job_start(
        kind=f"settlement_{fmt}", title=_("Settlement table %(title)s (%(fmt)s)") % {"title": round.title, "fmt": fmt.upper()},
        task=task, municipality=municipality, user=request.user, permission="concepts.view_concept", target=round,
        params={"language": "cs"},
        cache_key=f"rounds:table:{round.pk}:{fmt}:{round.status}:{changed.isoformat() if changed else '-'}"
        f":{Comment.objects.filter(round=round).active().count()}",
    )
    return redirect(job.get_absolute_url())


# --- moderation of public comments ------------------------------------------------------


@municipality_view("concepts.moderate_public_comments")
def moderation(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    show = request.GET.get("show", "pending")
    comments = Comment.objects.filter(round=round, is_public=True).select_related("section").order_by("created_at")
    comments = {
        "pending": comments.filter(moderation=Comment.Moderation.PENDING, confirmed_at__isnull=False),
        "unconfirmed": comments.filter(confirmed_at__isnull=True),
        "approved": comments.filter(moderation=Comment.Moderation.APPROVED, confirmed_at__isnull=False),
        "hidden": comments.filter(moderation=Comment.Moderation.HIDDEN),
    }.get(show, comments.none())
    page = Paginator(comments, 25).get_page(request.GET.get("page"))
    return render(request, "rounds/moderation.html", {
        "municipality": municipality, "round": round, "page": page, "show": show, "form": ModerationForm(),
    })


@municipality_view("concepts.moderate_public_comments")
@require_POST
def comment_moderate(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = get_object_or_404(Comment, round=round, pk=comment_pk, is_public=True)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            public_services.comment_moderate(comment=comment, approve=form.cleaned_data["action"] == "approve",
                                             reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_service_messages(request, exc)
        else:
            messages.success(request, _("The comment was moderated."))
    return redirect(reverse("rounds:moderation", args=[municipality.slug, round.pk]) + "?show=pending")

