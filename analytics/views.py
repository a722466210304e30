from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from portal.access import municipality_view
from portal.lists import list_page, paginate
from workgroups.stats import attendance_by_category

from . import access
from .agency.facts import evidence_threshold_percent
from .agency.forms import RoundFilter
from .dashboard import dashboard_for, headers, municipality_analytics, scope_targets
from .export_services import dashboard_export_start
from .report import report_start
from .selectors import round_lines

ROWS_PER_PAGE = 25


@login_required
def consultant_dashboard(request):
    """All municipalities the user may analyse in one table, the ones needing attention first."""
    board = dashboard_for(request.user, request.GET)
    page = paginate(request, board.ids, ROWS_PER_PAGE)
    rows, computed_at = board.rendered(page.object_list)  # only the page's rows, mostly from the cache
    return render(request, "analytics/consultant_dashboard.html", {
        "board": board,
        "filter": board.filter,
        "page": page,
        "rows": rows,
        "figures_computed_at": computed_at,
        "filters": board.filter.values,
        "headers": {h["key"]: h for h in headers(board.sort)},
        "targets": board.targets,
        "threshold": evidence_threshold_percent(),
    })


@login_required
def targets_detail(request):
    """The five targets with their drill-down lists and quarterly trend."""
    municipalities = access.dashboard_scope(request.user)
    targets = scope_targets(request.user, municipalities, all_scope=access.is_all_scope(request.user))
    return render(request, "analytics/targets.html", {"targets": targets.value, "computed_at": targets.computed_at})


@login_required
@require_POST
def dashboard_export(request):
    """Start the XLSX export of the dashboard table (the user's municipalities, current filters)."""
    job = dashboard_export_start(actor=request.user, params=request.POST, language=get_language())
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
    rounds, page = list_page(request, RoundFilter, access.rounds_for(request.user, municipality).with_state()
                             .order_by("-opens_at", "-pk"), per_page=ROWS_PER_PAGE)
    return render(request, "analytics/municipality_dashboard.html", {
        "municipality": municipality,
        "row": overview.row,
        "coop": overview.data.coops[municipality.pk],
        "hours": overview.data.hours[municipality.pk],
        "attendance": attendance_by_category(municipality),
        "page": page, "filter": rounds,
        "round_lines": round_lines(page.object_list),
        "targets": overview.targets,
        "threshold": evidence_threshold_percent(),
        "can_manage": access.can_manage_cooperation(request.user, municipality),
    })
