"""Household pages. Every one answers 404 to anyone who may not see the household (as if it did
not exist), and every read or change of a household's record is written to the audit log."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.audit import audit, client_ip
from portal.concurrency import versioned_edit
from portal.forms import add_service_errors, add_service_messages
from portal.lists import list_page
from portal.models import AuditEntry

from . import access, services
from .filters import HouseholdFilter
from .forms import (
    DecisionForm,
    ExitForm,
    ExportForm,
    FollowUpForm,
    GoalForm,
    HouseholdEditForm,
    HouseholdForm,
    HouseholdPickForm,
    IdentityForm,
    NewIdentityForm,
    PlacementForm,
    PlacementUpdateForm,
    QuickContactForm,
    ReferralForm,
    RentForm,
    ReviewForm,
    TransitionForm,
)
from .models import FollowUp, Household, Placement, SupportGoal

HIDDEN = {"hide": True}
VIEW = "pilots.view_households"


def _audit_view(request, household: Household, what: str, **detail) -> None:
    audit(actor=request.user, action=AuditEntry.Action.VIEW, obj=household, municipality=household.municipality,
          detail={"what": what, **detail})


def _call(form, service, **kwargs):
    """Run a service; on a broken rule put its messages on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@municipality_view(VIEW, **HIDDEN)
def household_list(request, municipality):
    programmes = access.household_programmes(request.user, municipality)
    # Only the columns a row shows (a household has some forty).
    households = access.households_for(request.user, municipality).select_related("programme").only(
        "pk", "code", "stage", "composition", "size", "programme", "programme__name")
    filter_, page = list_page(request, HouseholdFilter, households, per_page=25,
                              programmes=programmes.only("pk", "name"))  # the filter's choices: their names
    audit(actor=request.user, action=AuditEntry.Action.VIEW, municipality=municipality, ip=client_ip(request),
          detail={"what": "household_list", "codes": [h.code for h in page]})
    return render(request, "pilots/household_list.html", {
        "municipality": municipality, "page": page, "filter": filter_,
        "rows": _household_rows(page, reverse("pilots:household_list", args=[municipality.slug])),
    })


def _household_rows(page, households_url: str) -> SafeString:
    """The list's rows, built here rather than by a template loop: the choices' labels translated
    once per page (``get_FOO_display`` per row cost more than the rest of the list), the row links
    from one prefix (urls.py: households/<pk>/) and every value escaped as the template would."""
    stages = {value: escape(str(label)) for value, label in Household.Stage.choices}
    compositions = {value: escape(str(label)) for value, label in Household.Composition.choices}
    url = escape(households_url)
    return mark_safe("".join(  # noqa: S308 — every value escaped here
        f'\n  <tr><th scope="row"><a href="{url}{h.pk}/">{escape(h.code)}</a></th>'
        f'<td>{escape(h.programme.name) if h.programme else ""}</td>'
        f'<td>{stages.get(h.stage) or escape(str(h.stage))}</td>'
        f'<td>{compositions.get(h.composition) or escape(str(h.composition))}</td><td>{h.size}</td></tr>\n  '
        for h in page
    ))


@require_POST
@municipality_view(VIEW, **HIDDEN)
def household_list_export(request, municipality):
    """The list's households (with its filters) as a pseudonymous XLSX for the evaluation."""
    try:
        job = services.household_list_export_start(
            municipality=municipality, actor=request.user, programme=request.POST.get("programme", ""),
            stage=request.POST.get("stage", ""),
        )
    except ValidationError as exc:
        add_service_messages(request, exc)
        return redirect("pilots:household_list", municipality.slug)
    return redirect(job.get_absolute_url())


@municipality_view(VIEW, **HIDDEN)
def household_create(request, municipality):
    programmes = access.household_programmes(request.user, municipality)
    household_form = HouseholdForm(request.POST or None, prefix="h")
    identity_form = NewIdentityForm(request.POST or None, prefix="i")
    referral_form = ReferralForm(request.POST or None, prefix="r", municipality=municipality, programmes=programmes)
    forms = (household_form, identity_form, referral_form)
    if request.method == "POST" and all(f.is_valid() for f in forms):
        referral = dict(referral_form.cleaned_data)
        household = _call(
            household_form, services.household_create, municipality=municipality, programme=referral.pop("programme"),
            actor=request.user, fields=household_form.cleaned_data, identity=identity_form.cleaned_data,
            referral=referral,
        )
        if household:
            messages.success(request, _("Household %(code)s was referred.") % {"code": household.code})
            return redirect(household.get_absolute_url())
    return render(request, "pilots/household_form.html", {"municipality": municipality, "forms": forms})


@municipality_view(VIEW, **HIDDEN)
def household_detail(request, municipality, pk: int):
    """The household's whole timeline: its enrolments in order, each with its placements, exit and
    follow-ups. A worker acts only on the enrolments of her own programmes."""
    household = access.get_household(request.user, municipality, pk)
    placements = household.placements.select_related("flat", "programme", "exit__standard_lease", "previous__programme").prefetch_related(
        Prefetch("exit__follow_ups", queryset=FollowUp.objects.order_by("months")), "rent_charges",
    ).order_by("move_in", "pk")
    mine = set(access.household_programmes(request.user, municipality).values_list("pk", flat=True))
    by_referral: dict[int, list] = {}
    for placement in placements:
        by_referral.setdefault(placement.referral_id, []).append(placement)
    referrals = household.referrals.select_related("programme", "referrer", "from_placement__programme").order_by("referred_on", "pk")
    enrolments = [
        {"referral": r, "placements": by_referral.get(r.pk, []), "can_act": r.programme_id in mine} for r in referrals
    ]
    plans = household.support_plans.select_related("programme").prefetch_related("goals", "reviews")
    _audit_view(request, household, "household")
    return render(request, "pilots/household_detail.html", {
        "municipality": municipality, "household": household, "enrolments": enrolments, "plans": plans,
        "contacts": household.contacts.select_related("worker", "programme")[:20],
        "can_see_identity": access.can_see_identity(request.user, household),
        "can_edit": access.can_edit_household(request.user, household), "my_programmes": mine,
        "export_form": ExportForm(),
    })


@municipality_view(VIEW, **HIDDEN)
def household_edit(request, municipality, pk: int):
    """Several workers edit one household: the save is conditional on the version loaded, and a
    conflicting save answers 409 with both versions (portal/concurrency.py)."""
    household = access.get_household(request.user, municipality, pk)
    if not access.can_edit_household(request.user, household):
        raise Http404
    if request.method != "POST":
        _audit_view(request, household, "household_edit")
    form = HouseholdEditForm(request.POST or None, instance=Household.objects.get(pk=household.pk))
    return versioned_edit(
        request, form, lambda version, data: services.household_update(
            household=household, actor=request.user, fields=data, expected_version=version),
        template="pilots/household_edit.html", success_url=household.get_absolute_url(),
        cancel_url=household.get_absolute_url(), success_message=_("Saved."),
        context={"municipality": municipality, "title": household.code, "household": household,
                 "back": household.get_absolute_url()},
    )


@municipality_view(VIEW, **HIDDEN)
def identity_detail(request, municipality, pk: int):
    household = access.get_household_with_identity(request.user, municipality, pk)
    identity = getattr(household, "identity", None)
    if request.method != "POST":
        _audit_view(request, household, "identity")
    url = reverse("pilots:identity_detail", args=[municipality.slug, household.pk])
    return versioned_edit(
        request, IdentityForm(request.POST or None, instance=identity), lambda version, data: services.identity_update(
            household=household, actor=request.user, data=data, expected_version=version),
        template="pilots/identity.html", success_url=url, cancel_url=url, success_message=_("Saved."),
        context={"municipality": municipality, "household": household, "identity": identity},
    )


@municipality_view(VIEW, **HIDDEN)
def household_export(request, municipality, pk: int):
    household = access.get_household(request.user, municipality, pk)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = _call(form, services.household_export_start, household=household, actor=request.user,
                    fmt=form.cleaned_data["format"], with_identity=access.can_see_identity(request.user, household))
        if job:
            return redirect(job.get_absolute_url())
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "title": _("Export the data of %(code)s") % {"code": household.code},
        "household": household, "back": household.get_absolute_url(),
    })


@municipality_view(VIEW, **HIDDEN)
def referral_decide(request, municipality, pk: int):
    referral = access.get_referral(request.user, municipality, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _call(form, services.referral_decide, referral=referral, actor=request.user, **form.cleaned_data):
            return redirect(referral.household.get_absolute_url())
    else:
        _audit_view(request, referral.household, "referral", referral=referral.pk)
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "household": referral.household,
        "title": _("Decision on the referral to %(p)s") % {"p": referral.programme}, "back": referral.household.get_absolute_url(),
    })


@municipality_view(VIEW, **HIDDEN)
def placement_create(request, municipality, pk: int):
    referral = access.get_referral(request.user, municipality, pk)
    form = PlacementForm(request.POST or None, programme=referral.programme)
    if request.method == "POST" and form.is_valid():
        if _call(form, services.placement_create, referral=referral, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The household was housed."))
            return redirect(referral.household.get_absolute_url())
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "household": referral.household,
        "title": _("House %(code)s") % {"code": referral.household.code}, "back": referral.household.get_absolute_url(),
    })


@municipality_view(VIEW, **HIDDEN)
def placement_detail(request, municipality, pk: int):
    """A placement, its contract (editable) and its rent ledger (a month can be entered or
    corrected). Both forms carry the optimistic lock."""
    placement = access.get_placement(request.user, municipality, pk)
    update_form = PlacementUpdateForm(request.POST if "update" in request.POST else None,
                                      instance=Placement.objects.get(pk=placement.pk))
    rent_form = RentForm(request.POST if "rent" in request.POST else None)
    if request.method != "POST":
        _audit_view(request, placement.household, "placement", placement=placement.pk)
    if rent_form.is_bound:
        form, save = rent_form, lambda version, data: services.rent_record(
            placement=placement, actor=request.user, expected_version=version, **data)
    else:
        form, save = update_form, lambda version, data: services.placement_update(
            placement=placement, actor=request.user, expected_version=version, **data)

    def context(_conflict) -> dict:
        ledger, balance = [], 0
        for charge in placement.rent_charges.all():
            balance += charge.due - charge.paid
            ledger.append((charge, balance))
        return {"municipality": municipality, "placement": placement, "household": placement.household,
                "update_form": update_form, "rent_form": rent_form, "ledger": ledger, "balance": balance,
                "exit": getattr(placement, "exit", None)}

    url = reverse("pilots:placement_detail", args=[municipality.slug, placement.pk])
    return versioned_edit(request, form, save, template="pilots/placement_detail.html", context=context,
                          success_url=url, cancel_url=url)


@municipality_view(VIEW, **HIDDEN)
def exit_record(request, municipality, pk: int):
    placement = access.get_placement(request.user, municipality, pk)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _call(form, services.exit_record, placement=placement, actor=request.user, **form.cleaned_data):
            messages.success(request, _("The exit was recorded."))
            return redirect(placement.household.get_absolute_url())
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "household": placement.household,
        "title": _("Exit of %(code)s") % {"code": placement.household.code}, "back": placement.household.get_absolute_url(),
    })


@municipality_view(VIEW, **HIDDEN)
def transition(request, municipality, pk: int):
    placement = access.get_placement(request.user, municipality, pk)
    form = TransitionForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_transition(placement=placement, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The move up was recorded."))
            return redirect(placement.household.get_absolute_url())
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "household": placement.household,
        "title": _("Move %(code)s up") % {"code": placement.household.code}, "back": placement.household.get_absolute_url(),
    })


@municipality_view(VIEW, **HIDDEN)
def followup_record(request, municipality, pk: int):
    households = access.households_for(request.user, municipality)
    follow_up = get_object_or_404(FollowUp.objects.filter(exit__placement__household__in=households).select_related("exit__placement__household"), pk=pk)
    household = follow_up.exit.placement.household
    form = FollowUpForm(request.POST or None, instance=FollowUp.objects.get(pk=follow_up.pk))
    return versioned_edit(
        request, form, lambda version, data: services.followup_record(
            follow_up=follow_up, actor=request.user, expected_version=version, **data),
        template="pilots/form.html", success_url=household.get_absolute_url(), cancel_url=household.get_absolute_url(),
        context={"municipality": municipality, "household": household, "back": household.get_absolute_url(),
                 "title": _("Follow-up +%(n)s months of %(code)s") % {"n": follow_up.months, "code": household.code}},
    )


@municipality_view(VIEW, **HIDDEN)
def plan_detail(request, municipality, pk: int):
    plan = access.get_plan(request.user, municipality, pk)
    goal_form = GoalForm(request.POST if "goal" in request.POST else None, prefix="goal")
    due = services.due_review(plan)
    review_form = ReviewForm(request.POST if "review" in request.POST else None, prefix="review",
                             initial={"seen_due": due.pk if due else 0})
    if request.method == "POST":
        if goal_form.is_bound and goal_form.is_valid():
            goal = goal_form.save(commit=False)
            goal.plan = plan
            if _call(goal_form, services.goal_save, goal=goal, actor=request.user):
                return redirect("pilots:plan_detail", municipality.slug, plan.pk)
        if review_form.is_bound and review_form.is_valid() and _call(
            review_form, services.plan_review_record, plan=plan, actor=request.user, **review_form.cleaned_data
        ):
            return redirect("pilots:plan_detail", municipality.slug, plan.pk)
    else:
        _audit_view(request, plan.household, "support_plan", plan=plan.pk)
    return render(request, "pilots/plan_detail.html", {
        "municipality": municipality, "plan": plan, "household": plan.household, "goals": plan.goals.all(),
        "reviews": plan.reviews.all(), "goal_form": goal_form, "review_form": review_form,
    })


@municipality_view(VIEW, **HIDDEN)
def goal_edit(request, municipality, pk: int):
    households = access.households_for(request.user, municipality)
    goal = get_object_or_404(SupportGoal.objects.filter(plan__household__in=households).select_related("plan__household"), pk=pk)
    form = GoalForm(request.POST or None, instance=goal)
    return versioned_edit(
        request, form, lambda version, _data: services.goal_save(
            goal=form.save(commit=False), actor=request.user, expected_version=version),
        template="pilots/form.html", success_url=reverse("pilots:plan_detail", args=[municipality.slug, goal.plan_id]),
        cancel_url=goal.plan.household.get_absolute_url(),
        context={"municipality": municipality, "household": goal.plan.household, "title": str(goal),
                 "back": goal.plan.household.get_absolute_url()},
    )


@municipality_view(VIEW, **HIDDEN)
def contact_quick(request, municipality):
    """The phone form: pick the household by code, tap duration, mode and domains, save."""
    programmes = access.household_programmes(request.user, municipality)
    households = Household.objects.filter(municipality=municipality, programme__in=programmes, stage=Household.Stage.PLACED).order_by("code")
    pick = HouseholdPickForm(request.GET)
    initial = {"household": pick.cleaned_data["household"]} if pick.is_valid() and pick.cleaned_data["household"] else {}
    form = QuickContactForm(request.POST or None, households=households, initial=initial)
    if request.method == "POST" and form.is_valid():
        contact = _call(form, services.contact_record, actor=request.user, **form.cleaned_data)
        if contact:
            messages.success(request, _("Contact with %(code)s saved.") % {"code": contact.household.code})
            if initial:  # opened from the household's page: back to its timeline
                return redirect(contact.household.get_absolute_url())
            return redirect("pilots:contact_quick", municipality.slug)
    return render(request, "pilots/contact_quick.html", {"municipality": municipality, "form": form})
