"""The audit viewer: the append-only log of a municipality, filtered, sorted, paged and exported."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .access import municipality_view
from .audit_export import VIEW_AUDIT, audit_export_start
from .audit_filters import AuditFilter
from .lists import list_page, paginate
from .models import AuditEntry

PAGE_SIZE = 50


def _entries(municipality):
    return AuditEntry.objects.filter(municipality=municipality).select_related("actor", "content_type")


@municipality_view(VIEW_AUDIT)
def audit_log(request, municipality):
    filterset, page = list_page(request, AuditFilter, _entries(municipality), per_page=PAGE_SIZE,
                                municipality=municipality)
    valid = filterset.is_valid()
    if not valid:
        page = paginate(request, _entries(municipality).none(), PAGE_SIZE)
    return render(request, "portal/audit_log.html", {
        "municipality": municipality, "filter": filterset, "page": page,
    }, status=200 if valid else 400)


@require_POST
@municipality_view(VIEW_AUDIT)
def audit_export(request, municipality):
    """Start the XLSX export of what the filter shows; only the person who asked downloads it."""
    job = audit_export_start(municipality=municipality, actor=request.user, data=request.POST)
    return redirect(job.get_absolute_url())
