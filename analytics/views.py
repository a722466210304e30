from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concepts.rounds.models import Round
from portal.access import municipality_view
from portal.jobs import job_start
from portal.permissions import municipalities_for
from workgroups.stats import attendance_by_category

from . import tasks
from .dashboard import dashboard_for, headers, phase_choices
from .selectors import dashboard_rows, round_lines
from .targets import EVIDENCE_THRESHOLD_PERCENT, agency_targets

VIEW_ANALYTICS = "analytics.view_analytics"

ROWS_PER_PAGE = 25


def _filters(data) -> dict[str, str]:
    return {key: data.get(key, "").strip() for key in ("region", "phase", "sort")}


@login_required
def consultant_dashboard(request):
    """All municipalities the user may analyse in one table, the ones needing attention first."""
    filters = _filters(request.GET)
    board = dashboard_for(request.user, **filters)
    return render(request, "analytics/consultant_dashboard.html", {
        "board": board,
        "page": Paginator(board.shown, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "filters": filters,
        "headers": {h["key"]: h for h in headers(board.sort)},
        "phases": phase_choices(),
        "targets": agency_targets(board.rows),
        "threshold": EVIDENCE_THRESHOLD_PERCENT,
    })


@login_required
@require_POST
def dashboard_export(request):
    """Start the XLSX export of the dashboard table (the user's municipalities, current filters)."""
    if not request.user.is_superuser and not municipalities_for(request.user, VIEW_ANALYTICS).exists():
        raise PermissionDenied
    job = job_start(
        kind="analytics.dashboard_xlsx", title=_("Municipalities overview (XLSX)"), task=tasks.export_dashboard,
        municipality=None, user=request.user, permission=VIEW_ANALYTICS,
        params={"user": request.user.pk, "language": get_language(), **_filters(request.POST)}, private=True,
    )
    return redirect(job.get_absolute_url())


@municipality_view("analytics.view_analytics")
def municipality_dashboard(request, municipality):
    """The dashboard's figures for one municipality, with attendance and the statistics of its rounds."""
    [row] = dashboard_rows(request.user, [municipality])
    rounds = Round.objects.with_state().filter(municipality=municipality).order_by("-opens_at", "-pk")
    page = Paginator(rounds, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "analytics/municipality_dashboard.html", {
        "municipality": municipality,
        "row": row,
        "attendance": attendance_by_category(municipality),
        "page": page,
        "round_lines": round_lines(page.object_list),
        "targets": agency_targets([row])[:2],
        "threshold": EVIDENCE_THRESHOLD_PERCENT,
    })
