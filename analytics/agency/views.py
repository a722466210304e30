"""Pages of the agency's side: the cooperation description with its criteria and scores, the
good-practice events with attendance and files, and the report subscription."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.concurrency import versioned_edit
from portal.files import serve_file
from portal.forms import add_service_errors
from portal.lists import list_page

from .. import access
from ..models import Cooperation, QualityCriterion
from . import services
from .facts import cooperation_facts
from .forms import (
    AttendanceForm,
    ContactForm,
    CooperationForm,
    CriterionForm,
    EventFileForm,
    EventFilter,
    EventForm,
    ScoreForm,
    SubscriptionForm,
)


def _run(form, call):
    """Call a service; a ValidationError goes next to the fields and nothing is saved."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@municipality_view(access.VIEW, hide=True)
def cooperation_detail(request, municipality):
    """The cooperation description: consultants, contacts, dates, areas, criteria with scores."""
    facts = cooperation_facts([municipality.pk])[municipality.pk]
    return render(request, "analytics/cooperation_detail.html", {
        "municipality": municipality, "facts": facts, "coop": facts.cooperation,
        "can_manage": access.can_manage_cooperation(request.user, municipality),
    })


@municipality_view(access.VIEW, hide=True)
def cooperation_edit(request, municipality):
    access.require_manage_cooperation(request.user, municipality)
    coop = Cooperation.objects.filter(municipality=municipality).first()
    initial = {"edit_version": coop.edit_version, "starts_on": coop.starts_on, "planned_end_on": coop.planned_end_on,
               "thematic_areas": coop.thematic_areas, "note": coop.note,
               "consultants": list(coop.consultants.all())} if coop else {}
    form = CooperationForm(request.POST or None, initial=initial, municipality=municipality)
    detail = reverse("analytics:cooperation", args=[municipality.slug])
    return versioned_edit(
        request, form, lambda version, d: services.cooperation_save(
            municipality=municipality, actor=request.user, starts_on=d["starts_on"],
            planned_end_on=d["planned_end_on"], thematic_areas=d["thematic_areas"], note=d["note"],
            consultants=d["consultants"], expected_version=version if coop else None),
        template="analytics/cooperation_form.html", context={"municipality": municipality},
        success_url=detail, cancel_url=detail, success_message=_("The cooperation description was saved."),
    )


@municipality_view(access.VIEW, hide=True)
def contact_new(request, municipality):
    access.require_manage_cooperation(request.user, municipality)
    coop = get_object_or_404(Cooperation, municipality=municipality)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: services.contact_add(cooperation=coop, actor=request.user, **form.cleaned_data)):
            return redirect("analytics:cooperation", municipality.slug)
    return render(request, "analytics/simple_form.html", {"municipality": municipality, "form": form,
                                                          "title": _("Add a contact person")})


@municipality_view(access.VIEW, hide=True)
def criterion_new(request, municipality):
    access.require_manage_cooperation(request.user, municipality)
    coop = get_object_or_404(Cooperation, municipality=municipality)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(form, lambda: services.criterion_create(
                cooperation=coop, actor=request.user, title=d["title"], area=d["area"],
                is_competence=d["is_competence"], levels=d["levels"].splitlines())):
            return redirect("analytics:cooperation", municipality.slug)
    return render(request, "analytics/simple_form.html", {"municipality": municipality, "form": form,
                                                          "title": _("Add a quality criterion")})


@municipality_view(access.VIEW, hide=True)
def criterion_score(request, municipality, pk):
    access.require_manage_cooperation(request.user, municipality)
    criterion = get_object_or_404(QualityCriterion.objects.prefetch_related("levels"),
                                  pk=pk, cooperation__municipality=municipality)
    form = ScoreForm(request.POST or None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        if _run(form, lambda: services.criterion_score(criterion=criterion, actor=request.user, **form.cleaned_data)):
            return redirect("analytics:cooperation", municipality.slug)
    return render(request, "analytics/simple_form.html", {"municipality": municipality, "form": form,
                                                          "title": _("Score: %(c)s") % {"c": criterion.title}})


# --- events ----------------------------------------------------------------------------------------


@login_required
def event_list(request):
    access.require_manage_events(request.user)
    from ..models import GoodPracticeEvent

    events, page = list_page(request, EventFilter, GoodPracticeEvent.objects.order_by("-held_on", "-pk"))
    return render(request, "analytics/event_list.html", {"filter": events, "page": page})


@login_required
def event_new(request):
    access.require_manage_events(request.user)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _run(form, lambda: services.event_create(actor=request.user, **form.cleaned_data))
        if event:
            return redirect("consultant:event_detail", event.pk)
    return render(request, "analytics/simple_form.html", {"form": form, "title": _("New good-practice event")})


@login_required
def event_detail(request, pk):
    event = access.event_for(request.user, pk)
    scope = access.analysable(request.user).order_by("name")
    attendance_form = AttendanceForm(request.POST if "name" in request.POST else None, municipalities=scope)
    file_form = EventFileForm(request.POST if "upload" in request.POST else None, request.FILES or None)
    if request.method == "POST" and file_form.is_bound and file_form.is_valid():
        if _run(file_form, lambda: services.event_file_add(event=event, actor=request.user,
                                                           upload=file_form.cleaned_data["file"])):
            return redirect("consultant:event_detail", event.pk)
    url = reverse("consultant:event_detail", args=[event.pk])
    return versioned_edit(
        request, attendance_form, lambda version, data: services.attendance_record(
            event=event, actor=request.user, expected_version=version, **data),
        template="analytics/event_detail.html", success_url=url, cancel_url=url,
        context={"event": event, "attendance": event.attendance.select_related("municipality"),
                 "files": event.files.all(), "attendance_form": attendance_form, "file_form": file_form},
    )


@login_required
def event_file_download(request, pk):
    file = access.event_file_for(request.user, pk)
    from portal.audit import audit, client_ip
    from portal.models import AuditEntry

    audit(actor=request.user, action=AuditEntry.Action.EXPORT, obj=file, municipality=None, ip=client_ip(request))
    return serve_file(file.file, filename=file.filename)


# --- subscription -----------------------------------------------------------------------------------


@login_required
def subscription(request):
    access.dashboard_scope(request.user)
    from ..models import ReportSubscription

    form = SubscriptionForm(request.POST or None, municipalities=access.analysable(request.user).order_by("name"))
    if request.method == "POST" and form.is_valid():
        services.subscription_set(actor=request.user, **form.cleaned_data)
        messages.success(request, _("You will get the monitoring report every month."))
        return redirect("consultant:subscription")
    return render(request, "analytics/subscription.html", {
        "form": form,
        "subscriptions": ReportSubscription.objects.filter(user=request.user).select_related("municipality"),
    })


@login_required
@require_POST
def subscription_delete(request, pk):
    services.subscription_remove(actor=request.user, pk=pk)
    return redirect("consultant:subscription")
