"""The audit viewer: the append-only log of a municipality, filtered, sorted, paged and exported."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import municipality_view
from .audit_export import audit_export as audit_export_task
from .audit_filters import AuditFilter
from .jobs import job_start
from .models import AuditEntry

VIEW_AUDIT = "portal.view_audit_log"
PAGE_SIZE = 50


def _entries(municipality):
    return AuditEntry.objects.filter(municipality=municipality).select_related("actor", "content_type")


@municipality_view(VIEW_AUDIT)
def audit_log(request, municipality):
    filterset = AuditFilter(request.GET or None, queryset=_entries(municipality), municipality=municipality)
    valid = not filterset.is_bound or filterset.is_valid()
    entries = filterset.qs if valid else _entries(municipality).none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {
        "municipality": municipality, "filter": filterset, "page": page,
    }, status=200 if valid else 400)


@require_POST
@municipality_view(VIEW_AUDIT)
def audit_export(request, municipality):
    """Start the XLSX export of what the filter shows; only the person who asked downloads it."""
    filterset = AuditFilter(request.POST, queryset=_entries(municipality), municipality=municipality)
    filters = {k: v for k, v in request.POST.items() if k in filterset.filters and v} if filterset.is_valid() else {}
    job = job_start(
        kind="audit_export", title=_("Audit log of %(m)s") % {"m": municipality.name}, task=audit_export_task,
        municipality=municipality, actor=request.user, permission=VIEW_AUDIT, params={"filters": filters},
        private=True,
    )
    return redirect(job.get_absolute_url())
