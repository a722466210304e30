"""Acceptance 3: the settlement table exports (XLSX, PDF) built by the real worker."""

import io

import openpyxl
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from concepts.rounds.models import Comment, Settlement
from portal.models import Job

from .factories import CommentFactory, SettlementFactory


@pytest.fixture
def settled_comments(closed_round, sections, ngo):
    comments = []
    outcomes = list(Settlement.Outcome)
    for i in range(7):
        comment = CommentFactory(round=closed_round, section=sections[i % 3], number=i + 1, organisation=ngo,
                                 kind=Comment.Kind.ESSENTIAL if i % 2 else Comment.Kind.RECOMMENDATION,
                                 text=f"Připomínka číslo {i + 1} ke koncepci", author_name="Eva Kučerová")
        SettlementFactory(comment=comment, outcome=outcomes[i % 4], justification=f"Odůvodnění {i + 1}")
        comments.append(comment)
    return comments


def _run_export(client, round, fmt, job_finished):
    with transaction.atomic():
        response = client.post(reverse("rounds:settlement_export", args=[round.municipality.slug, round.pk, fmt]))
    assert response.status_code == 302
    job = Job.objects.get(kind=f"settlement_{fmt}")
    job = job_finished(job)
    assert job.status == Job.Status.DONE, job.message
    return job.file.read()


def test_the_xlsx_opens_and_holds_every_row(celery_worker, client_for, writer, closed_round, settled_comments,
                                            job_finished):
    data = _run_export(client_for(writer), closed_round, "xlsx", job_finished)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] in ("Č.", "No.")))
    body = rows[header + 1:]
    assert sorted(r[0] for r in body) == [1, 2, 3, 4, 5, 6, 7]
    by_number = {r[0]: r for r in body}
    assert by_number[2][4] == "Připomínka číslo 2 ke koncepci"
    with translation.override("cs"):
        assert by_number[2][6] == str(settled_comments[1].settlement.get_outcome_display())
    assert "Charita Ostrava" in by_number[1][1]


def test_the_pdf_names_every_comment_and_its_settlement(celery_worker, client_for, writer, closed_round,
                                                        settled_comments, pdf_text, job_finished):
    # words hyphenated at a line end are joined again (WeasyPrint hyphenates Czech text)
    text = " ".join(pdf_text(_run_export(client_for(writer), closed_round, "pdf", job_finished)).replace("\u2010\n", "").split())
    for comment in settled_comments:
        assert f"Připomínka číslo {comment.number} ke koncepci" in text
        assert f"Odůvodnění {comment.number}" in text
        with translation.override("cs"):
            label = str(comment.settlement.get_outcome_display())
        assert f"ke koncepci {label} Odůvodnění {comment.number}" in text
