"""Programmes, flats and the evaluation report: pages that show aggregates only.

Household pages are in ``household_views.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.forms import add_service_errors
from portal.permissions import shown_count, suppress_small_counts

from . import access, services
from .forms import EvaluationForm, FlatForm, ProgrammeForm
from .indicators import compute_by_cohort
from .models import Flat, Programme
from .reports import indicator_rows

FLAT_SORTS = {"address": "address", "district": "district", "size": "size_m2", "rent": "rent", "status": "status"}
PROGRAMME_SORTS = {"name": "name", "kind": "kind", "start": "start_date"}


def _today_or(value: str | None):
    return (parse_date(value) if value else None) or timezone.localdate()


@municipality_view("pilots.view_aggregates")
def programme_list(request, municipality):
    today = timezone.localdate()
    active = Q(placements__move_in__lte=today) & (Q(placements__ended_on__isnull=True) | Q(placements__ended_on__gt=today))
    programmes = (
        access.programmes_of(municipality)
        .select_related("municipality")
        .annotate(occupied=Count("placements", filter=active, distinct=True))
        .annotate(served=Count("placements__household", filter=Q(placements__move_in__lte=today), distinct=True))
        .order_by(PROGRAMME_SORTS.get(request.GET.get("sort"), "start_date"), "name")
    )
    if kind := request.GET.get("kind"):
        programmes = programmes.filter(kind=kind)
    page = Paginator(programmes, 25).get_page(request.GET.get("page"))
    suppress = suppress_small_counts(request.user, municipality)
    rows = [
        {"programme": p, "occupied": shown_count(p.occupied, suppress=suppress), "served": shown_count(p.served, suppress=suppress),
         "occupancy": p.occupied / p.capacity_flats if p.capacity_flats else 0}
        for p in page
    ]
    return render(request, "pilots/programme_list.html", {
        "municipality": municipality, "page": page, "rows": rows, "kinds": Programme._meta.get_field("kind").choices,
        "can_manage": request.user.has_perm("pilots.manage_programmes", municipality),
        "can_see_households": access.household_programmes(request.user, municipality).exists(),
    })


@municipality_view("pilots.view_aggregates")
def programme_detail(request, municipality, pk: int):
    programme = access.get_programme(municipality, pk)
    as_of = _today_or(request.GET.get("as_of"))
    suppress = suppress_small_counts(request.user, municipality)
    result = compute_by_cohort(programme, as_of=as_of)
    tables = [(_("All cohorts"), result["all"])] + [
        (_("Cohort %(n)s") % {"n": c}, items) for c, items in result["cohorts"].items()
    ]
    tables = [(title, [{"indicator": i, **i.shown(suppress=suppress)} for i in items]) for title, items in tables]
    return render(request, "pilots/programme_detail.html", {
        "municipality": municipality, "programme": programme, "tables": tables, "as_of": as_of, "suppress": suppress,
        "can_manage": request.user.has_perm("pilots.manage_programmes", municipality),
        "can_see_households": access.can_see_households(request.user, programme),
        "can_evaluate": request.user.has_perm("pilots.write_evaluation", municipality),
        "social_workers": programme.social_workers.all(),
    })


@require_POST
@municipality_view("pilots.view_aggregates")
def indicators_export(request, municipality, pk: int):
    """The indicator tables of the programme page as an XLSX or CSV file, built by a worker."""
    programme = access.get_programme(municipality, pk)
    try:
        job = services.indicators_export_start(
            programme=programme, actor=request.user, fmt=request.POST.get("format", "xlsx"),
            as_of=_today_or(request.POST.get("as_of")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(programme.get_absolute_url())
    return redirect(job.get_absolute_url())


@municipality_view("pilots.manage_programmes")
def programme_edit(request, municipality, pk: int | None = None):
    programme = access.get_programme(municipality, pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(programme=form.save(commit=False), social_workers=form.cleaned_data["social_workers"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect(programme.get_absolute_url())
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "title": programme.name if programme else _("New programme"),
        "back": programme.get_absolute_url() if programme else None,
    })


@municipality_view("pilots.view_aggregates")
def flat_list(request, municipality):
    flats = Flat.objects.filter(municipality=municipality).select_related("programme")
    for field in ("status", "district", "programme", "owner"):
        if value := request.GET.get(field):
            flats = flats.filter(**{field: value})
    flats = flats.order_by(FLAT_SORTS.get(request.GET.get("sort"), "district"), "address")
    page = Paginator(flats, 30).get_page(request.GET.get("page"))
    districts = Flat.objects.filter(municipality=municipality).values_list("district", flat=True).distinct().order_by("district")
    return render(request, "pilots/flat_list.html", {
        "municipality": municipality, "page": page, "statuses": Flat.Status.choices, "districts": districts,
        "programmes": access.programmes_of(municipality), "owners": Flat.Owner.choices,
        "can_manage": request.user.has_perm("pilots.manage_programmes", municipality),
    })


@municipality_view("pilots.manage_programmes")
def flat_edit(request, municipality, pk: int | None = None):
    flat = access.get_flat(municipality, pk) if pk else None
    form = FlatForm(request.POST or None, instance=flat, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.flat_save(flat=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The flat was saved."))
            return redirect("pilots:flat_list", municipality.slug)
    return render(request, "pilots/form.html", {
        "municipality": municipality, "form": form, "title": str(flat) if flat else _("New flat"),
    })


# --- evaluation ------------------------------------------------------------------------------


@municipality_view("pilots.write_evaluation")
def evaluation_list(request, municipality, pk: int):
    programme = access.get_programme(municipality, pk)
    form = EvaluationForm(request.POST or None, initial={"as_of": timezone.localdate(), "title": _("Evaluation of %(p)s") % {"p": programme}})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.evaluation_create(programme=programme, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(report.get_absolute_url())
    reports = programme.evaluations.select_related("approved_by")
    page = Paginator(reports, 20).get_page(request.GET.get("page"))
    return render(request, "pilots/evaluation_list.html", {"municipality": municipality, "programme": programme, "page": page, "form": form})


@municipality_view("pilots.write_evaluation")
def evaluation_detail(request, municipality, pk: int):
    report = access.get_evaluation(municipality, pk)
    form = None if report.is_approved else EvaluationForm(request.POST or None, instance=report)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            report = services.evaluation_update(
                report=report, actor=request.user, edit_version=int(request.POST.get("edit_version", 0)),
                fields={k: form.cleaned_data[k] for k in form.changed_data},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report.get_absolute_url())
    return render(request, "pilots/evaluation_detail.html", {
        "municipality": municipality, "report": report, "programme": report.programme, "form": form,
        "overall": indicator_rows(report.snapshot.get("all", [])),
    })


@require_POST
@municipality_view("pilots.write_evaluation")
def evaluation_action(request, municipality, pk: int, action: str):
    report = access.get_evaluation(municipality, pk)
    try:
        if action == "refresh":
            services.evaluation_refresh(report=report, actor=request.user)
            messages.success(request, _("The figures were frozen again."))
        elif action == "approve":
            services.evaluation_approve(report=report, actor=request.user)
            messages.success(request, _("The report was approved. It can no longer change."))
        elif action == "pdf":
            return redirect(services.evaluation_pdf_start(report=report, actor=request.user).get_absolute_url())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(report.get_absolute_url())

