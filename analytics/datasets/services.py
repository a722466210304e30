"""Uploading, previewing, confirming and importing datasets.

1. :func:`dataset_upload_preview` reads the file (nothing of it reaches a dataset): a file that
   cannot be imported at all (too large, empty, unreadable, a missing column) is refused with the
   reason next to the file field and nothing is saved; otherwise an upload awaiting confirmation
   lists every problem by line and column, with the first rows as they will be stored.
2. :func:`dataset_upload_confirm` queues the import; rows with problems are left out only when
   the user chose so.
3. :func:`dataset_import_run` (in the worker) writes a new version of the dataset, chunk by
   chunk, with its provenance. The same file imported again is a no-op that says so.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.models import Municipality
from portal.outbox import enqueue

from ..models import DataRow, Dataset, DatasetUpload, DatasetVersion, Layout, Territory
from .layouts import spec_for
from .reader import MAX_BYTES, ParsedRow, scan, too_large_message

if TYPE_CHECKING:
    from django.contrib.auth.models import User

BATCH = 5_000
MAX_ATTEMPTS = 3


def known_territory_codes() -> set[str]:
    """Codes a row may name: the registered territories and every municipality's code."""
    return set(Territory.objects.values_list("code", flat=True)) | set(
        Municipality.objects.values_list("code", flat=True)
    )


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _existing_version(municipality: Municipality, *, title: str, source: str, sha256: str) -> DatasetVersion | None:
    return (
        DatasetVersion.objects.filter(
            dataset__municipality=municipality, dataset__title=title, dataset__source=source, sha256=sha256,
            is_complete=True,
        ).select_related("dataset").first()
    )


def duplicate_message(version: DatasetVersion) -> str:
    return _("This file was already imported as version %(number)s on %(date)s; nothing was changed.") % {
        "number": version.number, "date": formats.date_format(timezone.localtime(version.imported_at), "DATE_FORMAT"),
    }


def _fatal_error(result) -> ValidationError:
    messages = [p.message for p in result.problems if p.fatal]
    if any(p.code == "missing_column" for p in result.problems) and result.columns:
        messages.append(_("The file has the columns: %(columns)s.") % {"columns": ", ".join(c for c in result.columns if c)})
    return ValidationError({"file": messages})


def _read(upload_file) -> bytes:
    if upload_file.size is not None and upload_file.size > MAX_BYTES:
        raise ValidationError({"file": too_large_message(upload_file.size)})
    upload_file.seek(0)
    data = upload_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": too_large_message(upload_file.size or len(data))})
    return data


def _options(layout: str, options: dict | None) -> dict:
    options = {k: str(v).strip() for k, v in (options or {}).items() if v}
    if layout == Layout.DECLARED:
        errors = {}
        if not options.get("period_column"):
            errors["period_column"] = _("Name the column with the period.")
        if not [v for v in options.get("value_columns", "").split(",") if v.strip()]:
            errors["value_columns"] = _("Name at least one column with values.")
        if errors:
            raise ValidationError(errors)
    return options


def _scan_into(upload: DatasetUpload, data: bytes) -> None:
    result = scan(data, spec=spec_for(upload.layout, upload.options), known_codes=known_territory_codes(),
                  sheet=upload.options.get("sheet", ""))
    if result.fatal:
        raise _fatal_error(result)
    upload.sheets = result.sheets
    upload.options = {**upload.options, "sheet": result.sheet, "encoding": result.encoding,
                      "separator": result.separator, "kind": result.kind}
    upload.problems = [p.as_dict() for p in result.problems]
    upload.preview = {
        "columns": result.columns, "measures": result.measures, "rows": result.rows,
        "empty_rows": result.empty_rows, "footnote_rows": result.footnote_rows,
        "problem_count": result.problem_count, "problem_lines": len(result.problem_lines),
        "first": [
            {"line": r.line, "territory_code": r.territory_code, "territory_name": r.territory_name,
             "period": r.period, "measure": r.measure, "value": None if r.value is None else str(r.value),
             "dimensions": r.dimensions}
            for r in result.preview
        ],
    }


def dataset_upload_preview(
    *, municipality: Municipality, actor: User, upload_file, title: str, source: str, reference_date: date, layout: str,
    options: dict | None = None,
) -> DatasetUpload:
    """Read a file for the preview. Refused (``ValidationError``, nothing saved) when it cannot be
    imported at all; a file already imported into this dataset gives an upload marked duplicate."""
    data = _read(upload_file)
    options = _options(layout, options)
    digest = sha256_of(data)
    upload = DatasetUpload(
        municipality=municipality, title=title.strip(), source=source.strip(), reference_date=reference_date,
        layout=layout, options=options, filename=upload_file.name[:255], size=len(data), sha256=digest,
        uploaded_by=actor,
    )
    existing = _existing_version(municipality, title=upload.title, source=upload.source, sha256=digest)
    if existing:
        upload.status, upload.version, upload.dataset = DatasetUpload.Status.DUPLICATE, existing, existing.dataset
        upload.message = duplicate_message(existing)
        upload.save()
        return upload
    _scan_into(upload, data)
    upload.file.save(f"{digest[:16]}-{upload.filename}", ContentFile(data), save=False)
    upload.save()
    return upload


def dataset_upload_choose_sheet(*, upload: DatasetUpload, actor: User, sheet: str) -> DatasetUpload:
    """Read the upload again from another sheet of its workbook."""
    if upload.status != DatasetUpload.Status.PREVIEW:
        raise ValidationError(_("This upload is no longer awaiting confirmation."))
    if sheet not in upload.sheets:
        raise ValidationError({"sheet": _("The workbook has no such sheet.")})
    upload.options = {**upload.options, "sheet": sheet}
    with upload.file.open("rb") as handle:
        _scan_into(upload, handle.read())
    upload.save(update_fields=["options", "sheets", "problems", "preview"])
    return upload


@transaction.atomic
def dataset_upload_confirm(*, upload: DatasetUpload, actor: User, skip_problem_rows: bool = False) -> DatasetUpload:
    """Queue the import. Refused while there are problems the user did not choose to skip."""
    from .tasks import import_dataset_upload

    if upload.row_problems and not skip_problem_rows:
        raise ValidationError({"skip_problem_rows": _(
            "The file has rows with problems. Correct the file, or choose to leave those rows out.")})
    claimed = DatasetUpload.objects.filter(pk=upload.pk, status=DatasetUpload.Status.PREVIEW).update(
        status=DatasetUpload.Status.QUEUED, skip_problem_rows=skip_problem_rows,
        message=_("Waiting for the worker…"),
    )
    if not claimed:
        raise ValidationError(_("This upload is no longer awaiting confirmation."))
    upload.refresh_from_db()
    enqueue(import_dataset_upload, upload.pk)
    return upload


def dataset_upload_cancel(*, upload: DatasetUpload, actor: User) -> None:
    DatasetUpload.objects.filter(pk=upload.pk, status=DatasetUpload.Status.PREVIEW).update(
        status=DatasetUpload.Status.CANCELLED, message=_("Cancelled; nothing was imported.")
    )


def _progress(upload_id: int, percent: int, message: str) -> None:
    DatasetUpload.objects.filter(pk=upload_id).update(progress=max(1, min(99, percent)), message=message[:500])


def _new_version(upload: DatasetUpload) -> DatasetVersion:
    with transaction.atomic():
        dataset, _created = Dataset.objects.get_or_create(
            municipality=upload.municipality, source=upload.source, title=upload.title,
            defaults={"layout": upload.layout, "created_by": upload.uploaded_by},
        )
        Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
        # An earlier attempt that died half-way left an incomplete version: start again.
        DatasetVersion.objects.filter(dataset=dataset, sha256=upload.sha256, is_complete=False).delete()
        number = (dataset.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DatasetVersion.objects.create(
            dataset=dataset, number=number, reference_date=upload.reference_date, sha256=upload.sha256,
            filename=upload.filename, sheet=upload.options.get("sheet", "") if upload.options.get("kind") == "xlsx" else "",
            uploaded_by=upload.uploaded_by, uploaded_at=upload.uploaded_at,
        )
        DatasetUpload.objects.filter(pk=upload.pk).update(dataset=dataset, version=version)
    return version


COPY_COLUMNS = ("version_id", "line", "territory_code", "territory_name", "period", "period_date", "measure",
                "value", "dimensions")


def _copy_rows(version_id: int, rows: list[ParsedRow]) -> None:
    """PostgreSQL's COPY: an order of magnitude faster than INSERTs for 100 000 rows."""
    table = DataRow._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((version_id, r.line, r.territory_code, r.territory_name, r.period, r.period_date,
                                r.measure, r.value, json.dumps(r.dimensions, ensure_ascii=False)))


def dataset_import_run(upload_id: int) -> None:
    """Import a confirmed upload (the worker's side). Safe to run twice: only a queued or running
    upload is claimed, an incomplete version of an earlier attempt is replaced, and a file already
    imported into the dataset makes the upload a no-op marked "already imported"."""
    claimed = DatasetUpload.objects.filter(
        pk=upload_id, status__in=[DatasetUpload.Status.QUEUED, DatasetUpload.Status.RUNNING]
    ).update(status=DatasetUpload.Status.RUNNING, attempts=F("attempts") + 1, progress=1,
             message=_("Reading the file…"))
    if not claimed:
        return
    upload = DatasetUpload.objects.select_related("municipality", "uploaded_by").get(pk=upload_id)
    existing = _existing_version(upload.municipality, title=upload.title, source=upload.source, sha256=upload.sha256)
    if existing:
        DatasetUpload.objects.filter(pk=upload_id).update(
            status=DatasetUpload.Status.DUPLICATE, progress=100, version=existing, dataset=existing.dataset,
            message=duplicate_message(existing),
        )
        return
    version = _new_version(upload)
    try:
        with upload.file.open("rb") as handle:
            data = handle.read()
        written = 0

        def write(rows: list[ParsedRow]) -> None:
            nonlocal written
            if connection.vendor == "postgresql":
                _copy_rows(version.pk, rows)
                written += len(rows)
                return
            DataRow.objects.bulk_create(
                [DataRow(version=version, line=r.line, territory_code=r.territory_code,
                         territory_name=r.territory_name, period=r.period, period_date=r.period_date,
                         measure=r.measure, value=r.value, dimensions=r.dimensions) for r in rows],
                batch_size=BATCH,
            )
            written += len(rows)

        result = scan(
            data, spec=spec_for(upload.layout, upload.options), known_codes=known_territory_codes(),
            sheet=upload.options.get("sheet", ""), on_rows=write,
            on_progress=lambda p: _progress(upload_id, p, _("Imported %(n)s values…") % {"n": written}),
        )
        del data
        if result.fatal or (result.problem_lines and not upload.skip_problem_rows):
            raise ValidationError(_("The file changed since the preview: it now has problems."))
        DatasetVersion.objects.filter(pk=version.pk).update(
            is_complete=True, row_count=written, skipped_rows=len(result.problem_lines), columns=result.columns,
            measures=result.measures,
        )
    except ValidationError as exc:
        version.delete()
        DatasetUpload.objects.filter(pk=upload_id).update(
            status=DatasetUpload.Status.FAILED, message=" ".join(exc.messages)[:500], version=None)
        return
    except Exception:
        version.delete()
        if upload.attempts >= MAX_ATTEMPTS:
            DatasetUpload.objects.filter(pk=upload_id).update(
                status=DatasetUpload.Status.FAILED, version=None,
                message=_("The import failed; nothing was saved. The administrators have been told."))
            return
        DatasetUpload.objects.filter(pk=upload_id).update(status=DatasetUpload.Status.QUEUED, message=_("Retrying…"))
        raise
    DatasetUpload.objects.filter(pk=upload_id).update(
        status=DatasetUpload.Status.DONE, progress=100, message=_("Imported %(n)s values as version %(number)s.") % {
            "n": formats.number_format(written, force_grouping=True), "number": version.number},
    )
