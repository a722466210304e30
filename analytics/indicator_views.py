"""A municipality's indicators: the list, an indicator's page, the data-entry grid and a value's page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.concurrency import versioned_action, versioned_edit
from portal.forms import add_service_messages
from portal.lists import paginate
from portal.permissions import suppress_small_counts

from . import access
from .charts import HIDDEN
from .export_services import indicators_export_start
from .indicators import services
from .indicators.entry import entry_grid_for, parse_cells, save_cells
from .indicators.forms import (
    EntryPeriodForm,
    FlagCommentForm,
    OverrideForm,
    PlanFilter,
    ReopenForm,
    ReviewForm,
    TargetForm,
    ValueForm,
)
from .indicators.presenters import period_rows, plan_chart, plan_sparkline, shown
from .indicators.selectors import plan_summaries
from .indicators.status import rule_text
from .models import TargetOwner

ROWS_PER_PAGE = 25
VIEW = "portal.view_municipality"


@municipality_view(VIEW)
def indicator_list(request, municipality):
    """The municipality's indicators with baseline, latest value, target, status and a sparkline."""
    plans = access.visible_plans(request.user, municipality).select_related("indicator", "municipality", "override_by")
    filterset = PlanFilter(request.GET, queryset=plans.order_by("indicator__code", "pk"))
    summaries = filterset.keep(plan_summaries(filterset.qs, today=timezone.localdate()))
    page = paginate(request, summaries, ROWS_PER_PAGE)
    suppress = suppress_small_counts(request.user, municipality)
    for summary in page.object_list:
        summary.spark = plan_sparkline(summary, suppress=suppress)
    return render(request, "analytics/indicator_list.html", {
        "municipality": municipality, "filter": filterset, "page": page, "rule": rule_text(),
        "can_enter": access.can(request.user, access.ENTER_VALUES, municipality),
    })


@municipality_view(VIEW)
def indicator_detail(request, municipality, pk):
    """An indicator's chart and the table of all its periods, baseline, milestones and targets."""
    plan = access.plan_for(request.user, municipality, pk)
    [summary] = plan_summaries([plan], today=timezone.localdate())
    suppress = suppress_small_counts(request.user, municipality)
    can_override = access.can(request.user, access.OVERRIDE_STATUS, municipality)
    return render(request, "analytics/indicator_detail.html", {
        "municipality": municipality, "plan": plan, "summary": summary, "rule": rule_text(),
        "chart": plan_chart(summary, suppress=suppress), "rows": period_rows(summary, suppress=suppress),
        "override_form": OverrideForm(initial={
            "status": plan.status_override, "reason": plan.override_reason, "edit_version": plan.edit_version,
        }) if can_override else None,
        "target_form": TargetForm() if can_override or access.can(
            request.user, access.SET_AGENCY_TARGETS, municipality) else None,
        "can_agency": access.can(request.user, access.SET_AGENCY_TARGETS, municipality),
    })


@require_POST
@municipality_view(VIEW)
def status_override(request, municipality, pk):
    plan = access.plan_for(request.user, municipality, pk)
    access.require(request.user, access.OVERRIDE_STATUS, municipality)
    return versioned_action(
        request, OverrideForm(request.POST), lambda version, data: services.status_override_set(
            plan=plan, actor=request.user, status=data["status"], reason=data["reason"], expected_version=version),
        back_url=plan.get_absolute_url() + "#status", success_message=_("The status was saved."),
        invalid_message=_("The status was not saved."), title=str(plan), context={"municipality": municipality},
    )


@require_POST
@municipality_view(VIEW)
def target_add(request, municipality, pk):
    plan = access.plan_for(request.user, municipality, pk)
    may_set = (access.OVERRIDE_STATUS, access.SET_AGENCY_TARGETS)
    if not any(request.user.has_perm(perm, municipality) for perm in may_set):
        raise PermissionDenied  # a read-only role (a member) is refused before the form is even read
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in the kind, the value and the date."))
        return redirect(plan.get_absolute_url() + "#targets")
    agency = form.cleaned_data["agency"]
    access.require(request.user, access.SET_AGENCY_TARGETS if agency else access.OVERRIDE_STATUS, municipality)
    try:
        services.target_set(
            plan=plan, actor=request.user, kind=form.cleaned_data["kind"], value=form.cleaned_data["value"],
            on=form.cleaned_data["on"], note=form.cleaned_data["note"],
            owner=TargetOwner.AGENCY if agency else TargetOwner.MUNICIPALITY,
        )
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        add_service_messages(request, exc)
    return redirect(plan.get_absolute_url() + "#targets")


@municipality_view(access.ENTER_VALUES)
def entry_grid(request, municipality):
    """Indicators × periods, one input per cell, usable by keyboard alone; "Save" saves every
    changed cell, a period's "Submit" button saves and then submits that period in one action."""
    period_form = EntryPeriodForm(request.GET or None)
    periodicity, year = "year", timezone.localdate().year
    if period_form.is_valid():
        periodicity = period_form.cleaned_data["periodicity"] or periodicity
        year = period_form.cleaned_data["year"] or year
    grid = entry_grid_for(municipality, periodicity=periodicity, year=year)
    status, conflicts = 200, []
    if request.method == "POST":
        cells, errors = parse_cells(grid, request.POST)
        if not errors:
            errors, conflicts = save_cells(grid, cells, actor=request.user)
        submit = request.POST.get("submit_period", "")
        if not errors and not conflicts and submit:
            try:
                submitted = services.period_submit(
                    municipality=municipality, periodicity=periodicity, period=date.fromisoformat(submit),
                    actor=request.user,
                )
                messages.success(request, _("%(n)s values of the period were submitted for approval.")
                                 % {"n": len(submitted)})
            except (ValidationError, ValueError) as exc:
                errors[("", submit)] = exc.messages if isinstance(exc, ValidationError) else [_("Unknown period.")]
        if not errors and not conflicts:
            if not submit:
                messages.success(request, _("The values were saved."))
            return redirect(request.get_full_path())
        grid = entry_grid_for(municipality, periodicity=periodicity, year=year, posted=request.POST, errors=errors)
        status = 409 if conflicts else 400
    return render(request, "analytics/entry_grid.html", {
        "municipality": municipality, "grid": grid, "period_form": period_form, "conflicts": conflicts,
    }, status=status)


@municipality_view(VIEW)
def value_detail(request, municipality, pk):
    """A value's history, its flags (with the comment form) and the next steps of its cycle."""
    value = access.value_for(municipality, pk)
    plan = access.plan_for(request.user, municipality, value.plan_id)
    can_enter = access.can(request.user, access.ENTER_VALUES, municipality)
    can_approve = access.can(request.user, access.APPROVE_VALUES, municipality)
    can_reopen = access.can(request.user, access.REOPEN_VALUES, municipality)
    # A reader (not one who enters, approves or reopens it) sees a small count hidden, as on the
    # indicator's page that links here.
    suppress = not (can_enter or can_approve or can_reopen) and suppress_small_counts(request.user, municipality)
    events = list(value.events.select_related("actor"))
    for event in events:
        event.amount_hidden = _hidden(event.amount, plan, suppress=suppress)
    context = {
        "municipality": municipality, "plan": plan, "value": value,
        "value_hidden": _hidden(value.value, plan, suppress=suppress),
        "events": events, "flags": value.flags.select_related("commented_by"),
        "flag_form": FlagCommentForm() if can_enter else None,
        "can_approve": can_approve, "can_reopen": can_reopen,
        "review_form": ReviewForm(), "reopen_form": ReopenForm(),
    }
    if not (can_enter and value.is_editable):
        if request.method == "POST":
            access.require(request.user, access.ENTER_VALUES, municipality)
        return render(request, "analytics/value_detail.html", {**context, "form": None})
    form = ValueForm(request.POST or None, initial={
        "value": value.value, "note": value.note, "edit_version": value.edit_version})
    here = reverse("analytics:value_detail", args=[municipality.slug, value.pk])
    return versioned_edit(
        request, form, lambda version, data: services.value_enter(
            plan=plan, period=value.period_start, amount=data["value"], actor=request.user, note=data["note"],
            expected_version=version, comment=data["comment"], follow_up=data["follow_up"]),
        template="analytics/value_detail.html", context=context, success_url=here, cancel_url=here,
        success_message=_("The value was saved."),
    )


def _hidden(amount, plan, *, suppress: bool) -> bool:
    return shown(amount, small_count=plan.indicator.small_count, suppress=suppress) is HIDDEN


STEPS = {
    "approve": (access.APPROVE_VALUES, lambda v, u, d: services.value_approve(value=v, actor=u, comment=d["comment"])),
    "return": (access.APPROVE_VALUES, lambda v, u, d: services.value_return(value=v, actor=u, comment=d["comment"])),
    "lock": (access.APPROVE_VALUES, lambda v, u, d: services.value_lock(value=v, actor=u)),
    "reopen": (access.REOPEN_VALUES, lambda v, u, d: services.value_reopen(value=v, actor=u, reason=d["reason"])),
    "submit": (access.ENTER_VALUES, lambda v, u, d: services.value_submit(value=v, actor=u)),
}


@require_POST
@municipality_view(VIEW)
def value_step(request, municipality, pk, step):
    """One step of a value's cycle (approve, return, lock, reopen, submit), for whoever may take it."""
    if step not in STEPS:
        return HttpResponse(status=404)
    permission, run = STEPS[step]
    value = access.value_for(municipality, pk)
    access.plan_for(request.user, municipality, value.plan_id)
    access.require(request.user, permission, municipality)
    form = ReopenForm(request.POST) if step == "reopen" else ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the period."))
        return redirect("analytics:value_detail", municipality.slug, value.pk)
    try:
        run(value, request.user, form.cleaned_data)
        messages.success(request, _("Done: %(state)s.") % {"state": value.get_state_display()})
    except ValidationError as exc:
        add_service_messages(request, exc)
    return redirect("analytics:value_detail", municipality.slug, value.pk)


@require_POST
@municipality_view(access.ENTER_VALUES)
def flag_comment(request, municipality, pk):
    flag = access.flag_for(municipality, pk)
    form = FlagCommentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write why the value is right, or correct the value."))
        services.flag_comment(flag=flag, actor=request.user, comment=form.cleaned_data["comment"],
                              follow_up=form.cleaned_data["follow_up"])
        messages.success(request, _("The comment was saved."))
    except ValidationError as exc:
        add_service_messages(request, exc)
    return redirect("analytics:value_detail", municipality.slug, flag.value_id)


@require_POST
@municipality_view(VIEW)
def indicators_export(request, municipality, fmt):
    """Start the export of the indicator table (XLSX, or CSV in the Czech Excel dialect)."""
    try:
        job = indicators_export_start(municipality=municipality, fmt=fmt, actor=request.user, language=get_language())
    except ValidationError as exc:
        raise Http404 from exc
    return redirect(job.get_absolute_url())
