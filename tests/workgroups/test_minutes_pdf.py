"""Acceptance 4: the minutes PDF, built by a real Celery worker, has the meeting's title and its
attendance in its text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Job
from portal.pdf import pdf_support
from workgroups import meeting_services as ms
from workgroups.models import Attendance

from .factories import MeetingFactory, MemberFactory

needs_weasyprint = pytest.mark.skipif(not pdf_support()[0], reason="WeasyPrint system libraries are missing")


def _record(group):
    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(group=group, title="Jednání o výběru klientů krizového bydlení", starts_at=start,
                             ends_at=start + timedelta(hours=2))
    present = MemberFactory(group=group, full_name="Lucie Dvořáková")
    excused = MemberFactory(group=group, full_name="Karel Vlček")
    Attendance.objects.create(meeting=meeting, member=present, status=Attendance.Status.PRESENT)
    Attendance.objects.create(meeting=meeting, member=excused, status=Attendance.Status.EXCUSED)
    meeting.minutes = "## Závěry\n\n- Pilotáž začne v **červnu**.\n\n<script>alert(1)</script>"
    meeting.save()
    meeting.decisions.create(position=1, text="Skupina schvaluje kritéria výběru klientů.")
    return meeting


@needs_weasyprint
def test_it_builds_the_minutes_pdf_with_title_and_attendance_in_the_real_worker(
    celery_worker, working_group, writer, client_for, pdf_text, job_finished
):
    meeting = _record(working_group)

    response = client_for(writer).post(reverse("workgroups:minutes_pdf", args=["ostrava", meeting.pk]))

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job = job_finished(job)
    assert job.status == Job.Status.DONE, job.message
    text = pdf_text(job.file.read())
    assert "Jednání o výběru klientů krizového bydlení" in " ".join(text.split())
    assert "Lucie Dvořáková" in text
    assert "Karel Vlček" in text
    assert "alert(1)" not in text or "<script>" not in text
    download = client_for(writer).get(reverse("job_download", args=[job.id]))
    assert download.status_code == 200


@needs_weasyprint
def test_it_builds_the_pdf_in_process_and_reuses_it_until_the_record_changes(working_group, writer, pdf_text):
    meeting = _record(working_group)

    job = ms.minutes_pdf_start(meeting=meeting, actor=writer)
    from workgroups.tasks import build_minutes_pdf

    build_minutes_pdf(str(job.id))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    text = pdf_text(job.file.read())
    assert "Lucie Dvořáková" in text and "Jednání o výběru klientů" in text
    assert ms.minutes_pdf_start(meeting=meeting, actor=writer).pk == job.pk

    ms.decision_add(meeting=meeting, actor=writer, text="Nové rozhodnutí")
    meeting.refresh_from_db()
    assert ms.minutes_pdf_start(meeting=meeting, actor=writer).pk != job.pk


def test_it_gives_a_member_a_private_job_others_cannot_download(working_group, memberships, member, partner, client_for):
    meeting = _record(working_group)
    job = ms.minutes_pdf_start(meeting=meeting, actor=member)
    assert job.private
    assert client_for(partner).get(reverse("job_detail", args=[job.id])).status_code == 404


def test_it_requires_login_and_hides_other_groups(working_group, other_group, memberships, member, client_for, client):
    meeting = _record(other_group)
    url = reverse("workgroups:minutes_pdf", args=["ostrava", meeting.pk])
    assert client.post(url).status_code == 302
    assert client_for(member).post(url).status_code == 404
    assert not Job.objects.exists()


def test_it_is_404_for_an_outsider(working_group, outsider, client_for):
    meeting = _record(working_group)
    assert client_for(outsider).post(reverse("workgroups:minutes_pdf", args=["ostrava", meeting.pk])).status_code == 404
