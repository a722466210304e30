"""The audit log of a municipality as XLSX, built in the background (portal/jobs.py)."""

from __future__ import annotations

import io

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from .exports import xlsx_workbook
from .jobs import JOB_TASK_OPTIONS, job_run, job_start
from .models import AuditEntry, Job, Municipality

VIEW_AUDIT = "portal.view_audit_log"

HEADERS = ("When", "Who", "Action", "Kind of record", "Record", "Record number", "Detail", "IP address")


def audit_rows(entries):
    for e in entries.iterator(chunk_size=2000):
        yield [
            timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M:%S"),
            e.actor_repr,
            e.get_action_display(),
            e.content_type.name if e.content_type_id else "",
            e.object_repr,
            e.object_id,
            ", ".join(f"{k}: {v}" for k, v in sorted((e.detail or {}).items())),
            e.ip_address or "",
        ]


def build_audit_xlsx(job, progress) -> tuple[str, bytes, str]:
    from .audit_filters import AuditFilter

    municipality = job.municipality
    entries = AuditEntry.objects.filter(municipality=municipality).select_related("content_type")
    # Bound even when nothing is filtered: an unbound FilterSet is never valid, and would export nothing.
    filterset = AuditFilter(job.params.get("filters") or {}, queryset=entries, municipality=municipality)
    rows = filterset.qs if filterset.is_valid() else entries.none()
    buffer = io.BytesIO()
    workbook = xlsx_workbook(buffer)
    sheet = workbook.add_worksheet(_("Audit log")[:31])
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, [_(h) for h in HEADERS], bold)
    count = 0
    for count, row in enumerate(audit_rows(rows), start=1):
        sheet.write_row(count, 0, row)
        if count % 5000 == 0:
            progress(min(90, count // 500), "")
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(HEADERS) - 1)
    workbook.close()
    stamp = timezone.localdate().isoformat()
    return (f"audit-{municipality.slug}-{stamp}.xlsx", buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@shared_task(**JOB_TASK_OPTIONS)
def audit_export(job_id: str) -> None:
    """When a gestor exports (a filtered part of) the audit log. Safe twice: ``job_run`` claims
    the job and leaves a finished one alone; the export only reads."""
    job_run(job_id, build_audit_xlsx)


def audit_export_start(*, municipality: Municipality, actor, data) -> Job:
    """Start the XLSX export of what the audit filter ``data`` (the viewer's form) shows; only
    the actor downloads it. A filter that is not valid exports the whole log."""
    from .audit_filters import AuditFilter

    entries = AuditEntry.objects.filter(municipality=municipality)
    filterset = AuditFilter(data, queryset=entries, municipality=municipality)
    filters = {k: v for k, v in data.items() if k in filterset.filters and v} if filterset.is_valid() else {}
    return job_start(
        kind="audit_export", title=_("Audit log of %(m)s") % {"m": municipality.name}, task=audit_export,
        municipality=municipality, actor=actor, permission=VIEW_AUDIT, params={"filters": filters},
        private=True,
    )
