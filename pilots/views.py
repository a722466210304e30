"""Programmes, flats and the evaluation report: pages that show aggregates only.

Household pages are in ``household_views.py``; the coordinator's caseload and the fidelity
self-assessment in ``oversight_views.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view, require_perm
from portal.concurrency import versioned_edit
from portal.forms import add_service_errors, add_service_messages
from portal.lists import list_page
from portal.permissions import shown_count, suppress_small_counts

from . import access, services
from .filters import AsOfForm, EvaluationFilter, FlatFilter, ProgrammeFilter
from .forms import EvaluationEditForm, EvaluationForm, FlatForm, ProgrammeForm
from .indicators import cached_by_cohort, scoped_tables, shown_tables
from .models import Flat
from .reports import fidelity_trend


def _as_of(request, municipality):
    """The reference date from the query string, limited to month ends for outside readers."""
    months_only = suppress_small_counts(request.user, municipality)
    form = AsOfForm(request.GET or None, months_only=months_only)
    as_of = access.as_of_for(request.user, municipality, form.requested(), timezone.localdate())
    return as_of, form


@municipality_view("pilots.view_aggregates")
def programme_list(request, municipality):
    today = timezone.localdate()
    active = Q(placements__move_in__lte=today) & (Q(placements__ended_on__isnull=True) | Q(placements__ended_on__gt=today))
    programmes = (
        access.programmes_of(municipality)
        .select_related("municipality")
        .annotate(occupied=Count("placements", filter=active, distinct=True))
        .annotate(served=Count("placements__household", filter=Q(placements__move_in__lte=today), distinct=True))
    )
    filter_, page = list_page(request, ProgrammeFilter, programmes, per_page=25)
    suppress = suppress_small_counts(request.user, municipality)
    rows = [
        {"programme": p, "occupied": shown_count(p.occupied, suppress=suppress), "served": shown_count(p.served, suppress=suppress),
         "occupancy_shown": not (suppress and 0 < p.occupied < 5), "occupancy": p.occupied}
        for p in page
    ]
    return render(request, "pilots/programme_list.html", {
        "municipality": municipality, "page": page, "rows": rows, "filter": filter_,
        "can_manage": request.user.has_perm("pilots.manage_programmes", municipality),
        "can_see_households": access.household_programmes(request.user, municipality).exists(),
    })


@municipality_view("pilots.view_aggregates")
def programme_detail(request, municipality, pk: int):
    programme = access.get_programme(municipality, pk)
    as_of, as_of_form = _as_of(request, municipality)
    suppress = suppress_small_counts(request.user, municipality)
    indicators = cached_by_cohort(programme, as_of=as_of)
    tables = shown_tables(scoped_tables(indicators.value), suppress=suppress)
    can_see_households = access.can_see_households(request.user, programme)
    return render(request, "pilots/programme_detail.html", {
        "municipality": municipality, "programme": programme, "tables": tables, "as_of": as_of, "as_of_form": as_of_form,
        "suppress": suppress, "can_manage": request.user.has_perm("pilots.manage_programmes", municipality),
        "can_see_households": can_see_households,
        "can_evaluate": access.evaluation_version(request.user, programme) is not None,
        "social_workers": programme.social_workers.all(),
        "places_taken": services.places_taken(programme, on=timezone.localdate()),
        "waiting": services.waiting_list(programme) if can_see_households else None,
        "fidelity": fidelity_trend(programme), "figures_computed_at": indicators.computed_at,
    })


@require_POST
@municipality_view("pilots.manage_programmes")
def waiting_list_offer(request, municipality, pk: int):
    """Offer the free places to the waiting list, in its order."""
    programme = access.get_programme(municipality, pk)
    if not access.can_see_households(request.user, programme):
        raise Http404
    accepted = services.waiting_list_offer(programme=programme, actor=request.user, on=timezone.localdate())
    if accepted:
        messages.success(request, _("A place was offered to: %(codes)s.") % {"codes": ", ".join(r.household.code for r in accepted)})
    else:
        messages.info(request, _("No place is free."))
    return redirect(programme.get_absolute_url())


@require_POST
@municipality_view("pilots.view_aggregates")
def indicators_export(request, municipality, pk: int):
    """The indicator tables of the programme page as an XLSX or CSV file, built by a worker."""
    programme = access.get_programme(municipality, pk)
    months_only = suppress_small_counts(request.user, municipality)
    form = AsOfForm(request.POST, months_only=months_only)
    as_of = access.as_of_for(request.user, municipality, form.requested(), timezone.localdate())
    try:
        job = services.indicators_export_start(programme=programme, actor=request.user, fmt=request.POST.get("format", "xlsx"), as_of=as_of)
    except ValidationError as exc:
        add_service_messages(request, exc)
        return redirect(programme.get_absolute_url())
    return redirect(job.get_absolute_url())


@municipality_view("pilots.manage_programmes")
def programme_edit(request, municipality, pk: int | None = None):
    programme = access.get_programme(municipality, pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme, municipality=municipality)
    back = programme.get_absolute_url() if programme else None
    return versioned_edit(
        request, form, lambda version, data: services.programme_save(
            programme=form.save(commit=False), social_workers=data["social_workers"], expected_version=version),
        template="pilots/form.html", success_url=lambda saved: saved.get_absolute_url(), cancel_url=back,
        success_message=_("The programme was saved."),
        context={"municipality": municipality, "title": programme.name if programme else _("New programme"), "back": back},
    )


@municipality_view("pilots.view_aggregates")
def flat_list(request, municipality):
    """Programme staff see the register (addresses, occupancy); everyone else counts by district."""
    flats = Flat.objects.filter(municipality=municipality).select_related("programme")
    filter_ = FlatFilter(request.GET, queryset=flats, municipality=municipality)
    programme = filter_.current["programme"] or None
    if not access.sees_flat_addresses(request.user, programme, municipality):
        return render(request, "pilots/flat_districts.html", {
            "municipality": municipality, "filter": filter_, "rows": services.flats_by_district(
                filter_.qs, suppress=suppress_small_counts(request.user, municipality)),
        })
    visible = access.household_programmes(request.user, municipality)
    _, page = list_page(request, FlatFilter, flats.filter(Q(programme__in=visible) | Q(programme__isnull=True)),
                        per_page=30, municipality=municipality)
    return render(request, "pilots/flat_list.html", {
        "municipality": municipality, "page": page, "filter": filter_,
        "can_manage": request.user.has_perm("pilots.manage_programmes", municipality),
    })


@municipality_view("pilots.manage_programmes")
def flat_edit(request, municipality, pk: int | None = None):
    flat = access.get_flat(municipality, pk) if pk else None
    form = FlatForm(request.POST or None, instance=flat, municipality=municipality)
    back = reverse("pilots:flat_list", args=[municipality.slug])
    return versioned_edit(
        request, form, lambda version, _data: services.flat_save(flat=form.save(commit=False), expected_version=version),
        template="pilots/form.html", success_url=back, cancel_url=back, success_message=_("The flat was saved."),
        context={"municipality": municipality, "title": str(flat) if flat else _("New flat")},
    )


# --- evaluation ------------------------------------------------------------------------------


def _evaluation_version(request, programme) -> str:
    version = access.evaluation_version(request.user, programme)
    if version is None:
        raise Http404
    return version


@municipality_view("pilots.view_aggregates")
def evaluation_list(request, municipality, pk: int):
    programme = access.get_programme(municipality, pk)
    version = _evaluation_version(request, programme)
    can_write = access.can_write_evaluation(request.user, municipality)
    form = None
    if can_write:
        form = EvaluationForm(request.POST or None, initial={"as_of": timezone.localdate(), "title": _("Evaluation of %(p)s") % {"p": programme}})
        if request.method == "POST" and form.is_valid():
            try:
                report = services.evaluation_create(programme=programme, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(report.get_absolute_url())
    filter_, page = list_page(request, EvaluationFilter, access.evaluations_for(request.user, programme), per_page=20)
    return render(request, "pilots/evaluation_list.html", {
        "municipality": municipality, "programme": programme, "page": page, "form": form, "filter": filter_, "version": version,
    })


@municipality_view("pilots.view_aggregates")
def evaluation_detail(request, municipality, pk: int):
    report = access.get_evaluation(municipality, pk)
    version = _evaluation_version(request, report.programme)
    if not access.evaluations_for(request.user, report.programme).filter(pk=report.pk).exists():
        raise Http404
    can_write = access.can_write_evaluation(request.user, municipality)
    form = None
    if can_write and not report.is_approved:
        form = EvaluationEditForm(request.POST or None, instance=report, initial={"edit_version": report.edit_version})
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            report = services.evaluation_update(
                report=report, actor=request.user, expected_version=form.cleaned_data["edit_version"],
                fields={k: form.cleaned_data[k] for k in form.changed_data if k != "edit_version"},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report.get_absolute_url())
    snapshot = report.snapshot or {}
    tables = shown_tables(scoped_tables({"all": snapshot.get("all", []), "cohorts": snapshot.get("cohorts", {})}),
                          suppress=version == access.EXTERNAL)
    return render(request, "pilots/evaluation_detail.html", {
        "municipality": municipality, "report": report, "programme": report.programme, "form": form,
        "overall": tables[0][1] if tables else [], "is_internal": version == access.INTERNAL, "can_write": can_write,
    })


EVALUATION_ACTIONS = ("pdf", "pdf-external", "refresh", "approve")


@require_POST
@municipality_view("pilots.view_aggregates")
def evaluation_action(request, municipality, pk: int, action: str):
    """The PDFs for every reader of the report (a draft stays hidden from external readers: 404,
    as on its page); refreshing and approving only for its writers (a reader who may not: 403)."""
    report = access.get_evaluation(municipality, pk)
    version = _evaluation_version(request, report.programme)
    if action not in EVALUATION_ACTIONS or not access.evaluations_for(request.user, report.programme).filter(pk=report.pk).exists():
        raise Http404
    try:
        if action == "pdf" or action == "pdf-external":
            wanted = access.EXTERNAL if action == "pdf-external" else version
            return redirect(services.evaluation_pdf_start(report=report, actor=request.user, version=wanted).get_absolute_url())
        require_perm(request.user, "pilots.write_evaluation", municipality)
        if action == "refresh":
            services.evaluation_refresh(report=report, actor=request.user)
            messages.success(request, _("The figures were frozen again."))
        elif action == "approve":
            services.evaluation_approve(report=report, actor=request.user)
            messages.success(request, _("The report was approved. It can no longer change."))
    except ValidationError as exc:
        add_service_messages(request, exc)
    return redirect(report.get_absolute_url())
