"""The coordinator's caseload view and the programme's fidelity self-assessment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import municipality_view
from portal.concurrency import versioned_edit
from portal.forms import add_service_errors

from . import access, services
from .caseload import caseload
from .forms import FidelityAssessmentForm, FidelityItemForm
from .models import FIDELITY_SCALE_MAX, FidelityItem
from .reports import fidelity_trend


@municipality_view("pilots.manage_programmes", hide=True)
def caseload_view(request, municipality):
    """Who carries how many households, who gets too little support, what is overdue."""
    programmes = access.household_programmes(request.user, municipality)
    return render(request, "pilots/caseload.html", {
        "municipality": municipality, "today": timezone.localdate(), **caseload(programmes, today=timezone.localdate()),
    })


@municipality_view("pilots.view_aggregates")
def fidelity(request, municipality, pk: int):
    """The trend for every reader of the aggregates; items and new assessments for the programme's managers."""
    programme = access.get_programme(municipality, pk)
    can_manage = request.user.has_perm("pilots.manage_programmes", municipality)
    items = programme.fidelity_items.filter(is_active=True)
    item_form = assessment_form = None
    if can_manage:
        item_form = FidelityItemForm(request.POST if "item" in request.POST else None, prefix="item")
        assessment_form = FidelityAssessmentForm(request.POST if "assess" in request.POST else None, items=items, prefix="assess")
        if request.method == "POST" and "seed" in request.POST:
            services.fidelity_items_seed(programme=programme, actor=request.user)
            return redirect("pilots:fidelity", municipality.slug, programme.pk)
        if item_form.is_bound and item_form.is_valid():
            item = item_form.save(commit=False)
            item.programme = programme
            try:
                services.fidelity_item_save(item=item, actor=request.user)
            except ValidationError as exc:
                add_service_errors(item_form, exc)
            else:
                return redirect("pilots:fidelity", municipality.slug, programme.pk)
        if assessment_form.is_bound and assessment_form.is_valid():
            try:
                services.fidelity_assessment_record(
                    programme=programme, actor=request.user, assessed_on=assessment_form.cleaned_data["assessed_on"],
                    scores=assessment_form.scores(), note=assessment_form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(assessment_form, exc)
            else:
                messages.success(request, _("The self-assessment was saved."))
                return redirect("pilots:fidelity", municipality.slug, programme.pk)
    return render(request, "pilots/fidelity.html", {
        "municipality": municipality, "programme": programme, "items": programme.fidelity_items.all(),
        "trend": fidelity_trend(programme), "scale_max": FIDELITY_SCALE_MAX, "can_manage": can_manage,
        "item_form": item_form, "assessment_form": assessment_form,
    })


@municipality_view("pilots.manage_programmes")
def fidelity_item_edit(request, municipality, pk: int):
    item = get_object_or_404(FidelityItem.objects.filter(programme__municipality=municipality).select_related("programme"), pk=pk)
    form = FidelityItemForm(request.POST or None, instance=item)
    back = f"{item.programme.get_absolute_url()}fidelity/"
    return versioned_edit(
        request, form, lambda version, _data: services.fidelity_item_save(
            item=form.save(commit=False), actor=request.user, expected_version=version),
        template="pilots/form.html", success_url=reverse("pilots:fidelity", args=[municipality.slug, item.programme_id]),
        cancel_url=back, context={"municipality": municipality, "title": _("Fidelity item"), "back": back},
    )
