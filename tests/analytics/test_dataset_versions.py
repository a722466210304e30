"""Provenance and versions: the same file again is a no-op that says so; a new file for the same
source makes a new version and the older stays readable; a real worker imports and reports progress."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from analytics.datasets.services import dataset_upload_confirm, dataset_upload_preview, sha256_of
from analytics.models import DataRow, DatasetUpload, DatasetVersion, Layout
from tests.conftest import poll

FILE_1 = b"uzemi_kod;uzemi_txt;rok;hodnota\n554821;Ostrava;2023;284 765\n554821;Ostrava;2024;283 187\n"
FILE_2 = FILE_1 + b"554821;Ostrava;2025;281 400\n"


def upload(ostrava, user, content, *, capture=None):
    result = dataset_upload_preview(
        municipality=ostrava, actor=user, upload_file=SimpleUploadedFile("obyvatele.csv", content),
        title="Počet obyvatel", source="ČSÚ", reference_date=date(2025, 12, 31), layout=Layout.CZSO,
    )
    if result.status == DatasetUpload.Status.PREVIEW:
        if capture:
            with capture(execute=True):
                dataset_upload_confirm(upload=result, actor=user)
        else:
            dataset_upload_confirm(upload=result, actor=user)
    result.refresh_from_db()
    return result


@pytest.mark.django_db
def test_it_records_provenance(ostrava, gestor, django_capture_on_commit_callbacks):
    done = upload(ostrava, gestor, FILE_1, capture=django_capture_on_commit_callbacks)
    version = done.version
    assert (version.number, version.sha256, version.uploaded_by, version.reference_date) == (
        1, sha256_of(FILE_1), gestor, date(2025, 12, 31))
    assert version.dataset.source == "ČSÚ" and version.filename == "obyvatele.csv" and version.row_count == 2


@pytest.mark.django_db
def test_a_reimport_of_the_same_file_is_a_no_op_that_says_so(ostrava, gestor, django_capture_on_commit_callbacks):
    upload(ostrava, gestor, FILE_1, capture=django_capture_on_commit_callbacks)
    again = upload(ostrava, gestor, FILE_1, capture=django_capture_on_commit_callbacks)
    assert again.status == DatasetUpload.Status.DUPLICATE
    assert again.message.startswith("This file was already imported as version 1 on ")
    assert DatasetVersion.objects.count() == 1 and DataRow.objects.count() == 2


@pytest.mark.django_db
def test_a_new_file_makes_a_new_version_and_the_old_stays(ostrava, gestor, django_capture_on_commit_callbacks):
    first = upload(ostrava, gestor, FILE_1, capture=django_capture_on_commit_callbacks).version
    second = upload(ostrava, gestor, FILE_2, capture=django_capture_on_commit_callbacks).version
    assert (first.dataset_id, first.number, second.number) == (second.dataset_id, 1, 2)
    assert first.rows.count() == 2 and second.rows.count() == 3


@pytest.mark.celery_worker
def test_a_real_worker_imports_and_reports_progress(celery_worker, ostrava, gestor):
    pending = dataset_upload_preview(
        municipality=ostrava, actor=gestor, upload_file=SimpleUploadedFile("obyvatele.csv", FILE_2),
        title="Počet obyvatel", source="ČSÚ", reference_date=date(2025, 12, 31), layout=Layout.CZSO,
    )
    dataset_upload_confirm(upload=pending, actor=gestor)  # outside a test transaction: enqueued at once
    poll(lambda: pending.refresh_from_db() or pending.is_finished, timeout=60, what="the import")
    assert pending.status == DatasetUpload.Status.DONE, pending.message
    assert pending.progress == 100 and pending.message == "Imported 3 values as version 1."
    assert DataRow.objects.filter(version=pending.version).count() == 3
