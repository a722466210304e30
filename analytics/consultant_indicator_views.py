"""The consultant's indicator pages across their municipalities: the approval queue, the
municipality × indicator matrix and the data-quality view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.forms import add_service_errors
from portal.lists import list_page

from . import access
from .indicators import services
from .indicators.forms import ApprovalFilter, BulkApproveForm, FlagFilter, MunicipalityFilter
from .indicators.matrix import matrix_for
from .indicators.selectors import submitted_values
from .indicators.status import rule_text
from .models import ValidationFlag

ROWS_PER_PAGE = 25
MATRIX_ROWS_PER_PAGE = 50  # a consultant follows about 40 municipalities: one page


def _assigned(request):
    municipalities = access.consultant_municipalities(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    return municipalities


@login_required
def approval_queue(request):
    """Submitted periods awaiting approval; approve one, or several at once with one comment."""
    municipalities = _assigned(request)
    queue = submitted_values(list(municipalities.values_list("pk", flat=True)))
    if request.method == "POST":
        form = BulkApproveForm(request.POST, queryset=queue)
        if form.is_valid():
            try:
                approved = services.values_approve(
                    values=form.cleaned_data["values"], actor=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("%(n)s periods were approved.") % {"n": len(approved)})
                return redirect("consultant:approvals")
            except ValidationError as exc:
                add_service_errors(form, exc)
    else:
        form = None
    filterset, page = list_page(request, ApprovalFilter, queue, per_page=ROWS_PER_PAGE, municipalities=municipalities)
    return render(request, "analytics/approval_queue.html", {
        "filter": filterset, "page": page, "form": form,
    }, status=400 if form is not None else 200)


@login_required
def indicator_matrix(request):
    """The consultant's municipalities × the catalogue's indicators, each cell a status with a text
    label (not colour alone)."""
    municipalities = _assigned(request)
    filterset, page = list_page(request, MunicipalityFilter, municipalities.order_by("name"), per_page=MATRIX_ROWS_PER_PAGE)
    matrix = matrix_for(list(page.object_list))
    return render(request, "analytics/indicator_matrix.html", {
        "filter": filterset, "page": page, "matrix": matrix, "rule": rule_text(),
    })


@login_required
def data_quality(request):
    """Every validation flag of the consultant's municipalities, open or resolved (paginated, never
    capped), and their trend by month."""
    municipalities = _assigned(request)
    flags = (
        ValidationFlag.objects.filter(value__plan__municipality__in=municipalities)
        .select_related("value__plan__indicator", "value__plan__municipality", "commented_by")
        .order_by("-created_at", "-pk")
    )
    filterset, page = list_page(request, FlagFilter, flags, per_page=ROWS_PER_PAGE, municipalities=municipalities)
    base = ValidationFlag.objects.filter(value__plan__municipality__in=municipalities)
    created = {r["month"]: r["n"] for r in base.annotate(month=TruncMonth("created_at")).values("month")
               .annotate(n=Count("pk")).order_by()}
    resolved = {r["month"]: r["n"] for r in base.filter(resolved_at__isnull=False)
                .annotate(month=TruncMonth("resolved_at")).values("month").annotate(n=Count("pk")).order_by()}
    trend = [{"month": m, "created": created.get(m, 0), "resolved": resolved.get(m, 0)}
             for m in sorted(set(created) | set(resolved), reverse=True)]
    totals = {r["state"]: r["n"] for r in base.values("state").annotate(n=Count("pk")).order_by()}
    return render(request, "analytics/data_quality.html", {
        "filter": filterset, "page": page, "trend": trend, "totals": totals,
        "states": ValidationFlag.State.choices,
    })
