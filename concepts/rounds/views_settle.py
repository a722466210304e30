"""The settlement workspace: the filtered and sorted list of comments, settling several identical
ones together, assigning comments to people, settling one comment (optimistic lock, then the next
unsettled comment), dispute meetings, the table, its exports and the council's report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.concurrency import BatchConflict, versioned_action, versioned_edit
from portal.forms import add_service_errors, add_service_messages
from portal.lists import list_page

from . import comment_services
from .access import comment_for_staff, round_for, sees_settlements
from .export_services import council_report_start, settlement_table_start
from .filters import SettlementFilter, SettlementTableFilter
from .forms import AssignForm, BulkSettlementForm, DisputeForm, LockedSettlementForm
from .models import Comment, Settlement
from .selectors import settlement_rows
from .stats import round_stats

SETTLE = "concepts.settle_comments"


@municipality_view(SETTLE)
def settle(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    form = BulkSettlementForm(request.POST or None, round=round)
    refused = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment_services.settlement_save(
                comments=list(data["comments"].select_related("round", "invitation", "invitation__round")),
                outcome=data["outcome"], justification=data["justification"],
                next_section_uid=data["next_section_uid"], actor=request.user, expected_versions=data["edit_versions"],
            )
        except ValidationError as exc:  # a BatchConflict names the comments someone else settled meanwhile
            add_service_errors(form, exc)
            refused = isinstance(exc, BatchConflict)
        else:
            messages.success(request, _("%(n)s comments were settled.") % {"n": len(data["comments"])})
            return redirect(request.get_full_path())
    identical = comment_services.identical_groups(round)
    rows = settlement_rows(round).select_related("invitation", "invitation__round", "round", "assigned_to")
    filterset, page = list_page(request, SettlementFilter, rows, per_page=25, round=round, user=request.user,
                                identical=identical)
    next_comment = comment_services.next_unsettled(round)
    return render(request, "rounds/settle.html", {
        "municipality": municipality, "round": round, "page": page, "form": form,
        "filter": filterset, "identical": identical, "stats": round_stats(round),
        "assign_form": AssignForm(round=round), "next_comment": next_comment,
        "my_count": Comment.objects.filter(round=round, assigned_to=request.user).active().count(),
    }, status=409 if refused else 200)


@municipality_view(SETTLE)
@require_POST
def comments_assign(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    form = AssignForm(request.POST, round=round)
    if form.is_valid():
        try:
            n = comment_services.comments_assign(round=round, comments=form.cleaned_data["comments"],
                                                 assignee=form.cleaned_data["assignee"], actor=request.user,
                                                 loaded=form.cleaned_data["loaded_assignees"])
        except ValidationError as exc:  # a BatchConflict names the comments reassigned meanwhile
            add_service_messages(request, exc)
        else:
            messages.success(request, _("%(n)s comments were assigned.") % {"n": n})
    else:
        messages.error(request, _("Select the comments and the person to assign them to."))
    return redirect("rounds:settle", municipality.slug, round.pk)


@municipality_view(SETTLE)
def comment_settle(request, municipality, pk, comment_pk):
    """Settle one comment. Two people settling it at once: the first save wins, the second sees
    both versions (409) and decides. After a save, the next unsettled comment opens."""
    round = round_for(request.user, municipality, pk)
    comment = comment_for_staff(round, comment_pk)
    settlement = Settlement.objects.filter(comment=comment).first()
    initial = {"edit_version": settlement.edit_version if settlement else 0}
    if settlement:
        initial.update({"outcome": settlement.outcome, "justification": settlement.justification,
                        "next_section_uid": str(settlement.next_section_uid or "")})
    form = LockedSettlementForm(request.POST or None, round=round, initial=initial)

    def saved(_settlements) -> str:
        messages.success(request, _("Comment no. %(n)s was settled.") % {"n": comment.number})
        mine = comment.assigned_to if comment.assigned_to_id == request.user.pk else None
        following = comment_services.next_unsettled(round, after=comment, assigned_to=mine)
        if following is not None:
            return reverse("rounds:comment_settle", args=[municipality.slug, round.pk, following.pk])
        messages.info(request, _("Every comment is settled."))
        return reverse("rounds:settle", args=[municipality.slug, round.pk])

    dispute_form = None
    if settlement and settlement.is_dispute:
        dispute_form = DisputeForm(initial={"dispute_meeting_on": settlement.dispute_meeting_on,
                                            "dispute_result": settlement.dispute_result,
                                            "dispute_note": settlement.dispute_note, "edit_version": settlement.edit_version})
    return versioned_edit(
        request, form, lambda version, data: comment_services.settlement_save(
            comments=[comment], actor=request.user, expected_version=version, **data),
        template="rounds/comment_settle.html", success_url=saved, cancel_url=request.path,
        context=lambda _conflict: {
            "municipality": municipality, "round": round, "comment": comment, "settlement": settlement,
            "dispute_form": dispute_form, "identical": comment_services.identical_groups(round).get(comment.pk, []),
            "next_comment": comment_services.next_unsettled(round, after=comment),
        },
    )


@municipality_view(SETTLE)
@require_POST
def dispute_record(request, municipality, pk, comment_pk):
    round = round_for(request.user, municipality, pk)
    comment = comment_for_staff(round, comment_pk)
    settlement = get_object_or_404(Settlement, comment=comment)
    return versioned_action(
        request, DisputeForm(request.POST), lambda version, data: comment_services.dispute_record(
            settlement=settlement, meeting_on=data["dispute_meeting_on"], result=data["dispute_result"],
            note=data["dispute_note"], actor=request.user, expected_version=version),
        back_url=reverse("rounds:comment_settle", args=[municipality.slug, round.pk, comment.pk]),
        success_message=_("The outcome of the dispute meeting was recorded."),
        invalid_message=_("Fill in the date, the outcome and the record of the dispute meeting."),
        title=_("Dispute meeting"), context={"municipality": municipality},
    )


@municipality_view()
def settlement_table(request, municipality, pk):
    round = round_for(request.user, municipality, pk)
    if not sees_settlements(request.user, round):
        return redirect("rounds:my_comments", municipality.slug, round.pk)
    from .exports import table_rows

    filterset = SettlementTableFilter(request.GET, queryset=Comment.objects.filter(round=round).active(), round=round)
    return render(request, "rounds/settlement_table.html", {
        "municipality": municipality, "round": round, "rows": table_rows(round, filterset.qs), "filter": filterset,
        "can_export": request.user.has_perm("concepts.view_concept", municipality),
        "can_report": request.user.has_perm("concepts.manage_rounds", municipality) and round.status in (
            round.Status.SETTLED, round.Status.PUBLISHED),
    })


@municipality_view("concepts.view_concept")
@require_POST
def settlement_export(request, municipality, pk, fmt):
    round = round_for(request.user, municipality, pk)
    try:
        job = settlement_table_start(round=round, fmt=fmt, actor=request.user)
    except ValidationError:
        return redirect("rounds:settlement_table", municipality.slug, round.pk)
    return redirect(job.get_absolute_url())


@municipality_view("concepts.manage_rounds")
@require_POST
def council_report(request, municipality, pk, fmt):
    """The council's report (podklad pro radu) of a settled round, built by the worker."""
    round = round_for(request.user, municipality, pk)
    try:
        job = council_report_start(round=round, fmt=fmt, actor=request.user)
    except ValidationError:
        messages.error(request, _("The council's report can be made once the round is settled."))
        return redirect(round.get_absolute_url())
    return redirect(job.get_absolute_url())
