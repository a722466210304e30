from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.jobs import job_start
from workgroups.stats import attendance_by_category

from . import access, tasks
from .agency.facts import evidence_threshold_percent
from .agency.forms import RoundFilter
from .dashboard import dashboard_filter, dashboard_for, headers, municipality_analytics
from .report import report_start
from .selectors import round_lines

ROWS_PER_PAGE = 25


@login_required
def consultant_dashboard(request):
    """All municipalities the user may analyse in one table, the ones needing attention first."""
    board = dashboard_for(request.user, request.GET)
    return render(request, "analytics/consultant_dashboard.html", {
        "board": board,
        "filter": board.filter,
        "page": Paginator(board.shown, ROWS_PER_PAGE).get_page(board.filter.form.data.get("page")),
        "filters": board.filter.values,
        "headers": {h["key"]: h for h in headers(board.sort)},
        "targets": board.targets,
        "threshold": evidence_threshold_percent(),
    })


@login_required
def targets_detail(request):
    """The five targets with their drill-down lists and quarterly trend."""
    board = dashboard_for(request.user)
    return render(request, "analytics/targets.html", {"board": board, "targets": board.targets})


@login_required
@require_POST
def dashboard_export(request):
    """Start the XLSX export of the dashboard table (the user's municipalities, current filters)."""
    filters = dashboard_filter(request.user, request.POST).values
    job = job_start(
        kind="analytics.dashboard_xlsx", title=_("Municipalities overview (XLSX)"), task=tasks.export_dashboard,
        municipality=None, actor=request.user, permission=access.VIEW,
        params={"user": request.user.pk, "language": get_language(), **filters}, private=True,
    )
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def report_all(request):
    """Start the monitoring report for all the municipalities the user may analyse."""
    access.dashboard_scope(request.user)
    return redirect(report_start(actor=request.user, municipality=None).get_absolute_url())


@municipality_view(access.VIEW, hide=True)
@require_POST
def report_municipality(request, municipality):
    """Start the monitoring report of one municipality."""
    return redirect(report_start(actor=request.user, municipality=municipality).get_absolute_url())


@municipality_view(access.VIEW, hide=True)
def municipality_dashboard(request, municipality):
    """The dashboard's figures for one municipality, with its reasons, attendance and rounds."""
    overview = municipality_analytics(request.user, municipality)
    rounds = RoundFilter(request.GET or None, queryset=access.rounds_for(request.user, municipality)
                         .with_state().order_by("-opens_at", "-pk"))
    page = Paginator(rounds.qs, ROWS_PER_PAGE).get_page(rounds.form.data.get("page"))
    return render(request, "analytics/municipality_dashboard.html", {
        "municipality": municipality,
        "row": overview.row,
        "coop": overview.data.coops[municipality.pk],
        "hours": overview.data.hours[municipality.pk],
        "attendance": attendance_by_category(municipality),
        "page": page,
        "round_lines": round_lines(page.object_list),
        "targets": overview.targets,
        "threshold": evidence_threshold_percent(),
        "can_manage": access.can_manage_cooperation(request.user, municipality),
    })
