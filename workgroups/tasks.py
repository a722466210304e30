"""Background work of the groups: meeting invitations by e-mail and the minutes PDF."""

from __future__ import annotations

from celery import shared_task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.celery import RETRY
from portal.jobs import JOB_TASK_OPTIONS, job_run
from portal.mail import absolute_url, send_once
from portal.pdf import render_pdf_template

from .ics import invitation_ics
from .models import Meeting, current_q


@shared_task(**RETRY)
def send_meeting_invitations(meeting_id: int) -> int:
    """Runs after a meeting is announced, changed after announcing, or cancelled: e-mails each
    current member with an e-mail address an invitation (or cancellation) with an .ics file.

    Safe to run twice: each e-mail is keyed by meeting, member and the meeting's calendar
    sequence in the sent-message log, so a member gets each version once; a retry after a
    failure sends only what was not sent yet. Returns how many e-mails were sent now."""
    meeting = (
        Meeting.objects.select_related("group", "group__municipality").prefetch_related("agenda")
        .filter(pk=meeting_id).first()
    )
    if meeting is None or meeting.invited_at is None:
        return 0
    cancelled = meeting.status == Meeting.Status.CANCELLED
    sent = 0
    for member in meeting.group.members.filter(current_q()).select_related("user").order_by("pk"):
        email = member.email or (member.user.email if member.user else "")
        if not email:
            continue
        with translation.override("cs"):
            context = {"meeting": meeting, "member": member, "cancelled": cancelled,
                       "link": absolute_url(meeting.get_absolute_url()), "agenda": list(meeting.agenda.all())}
            subject = (_("Cancelled: %(title)s") if cancelled else _("Invitation: %(title)s")) % {"title": meeting.title}
            if meeting.sequence and not cancelled:
                subject = _("Updated invitation: %(title)s") % {"title": meeting.title}
            sent += send_once(
                key=f"meeting-invitation:{meeting.pk}:{member.pk}:{meeting.sequence}",
                to=email,
                subject=subject,
                body=render_to_string("workgroups/email/invitation.txt", context),
                attachments=[("pozvanka.ics", invitation_ics(meeting, name=member.full_name, email=email),
                              "text/calendar; method=CANCEL" if cancelled else "text/calendar; method=REQUEST")],
                municipality=meeting.group.municipality,
            )
    return sent


def _minutes_pdf(job, progress) -> tuple[str, bytes, str]:
    from .records import minutes_context

    meeting = Meeting.objects.select_related("group", "group__municipality").get(pk=job.params["meeting_id"])
    progress(20, _("Collecting the record"))
    with translation.override("cs"):
        context = minutes_context(meeting)
        progress(50, _("Typesetting the PDF"))
        pdf = render_pdf_template("workgroups/pdf/minutes.html", context)
    day = timezone.localdate(meeting.starts_at)
    return f"zapis-{meeting.group.pk}-{day:%Y-%m-%d}.pdf", pdf, "application/pdf"


@shared_task(**JOB_TASK_OPTIONS)
def build_minutes_pdf(job_id: str) -> None:
    """Runs when someone asks for the minutes as PDF (portal.jobs). Safe to run twice: job_run
    claims the job and leaves a finished one alone."""
    job_run(job_id, _minutes_pdf)
