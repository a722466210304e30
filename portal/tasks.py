from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .mail import absolute_url, send_once
from .models import Invitation, Job, Notification, Profile
from .services import invitation_link

RETRY = {"autoretry_for": (Exception,), "retry_backoff": 5, "retry_jitter": True, "max_retries": 5}


@shared_task(**RETRY)
def send_invitation_email(invitation_id: int) -> bool:
    """Sent when a gestor (or a round opening) invites someone. Runs twice safely: the e-mail is
    keyed by the invitation in the sent-message log."""
    invitation = Invitation.objects.select_related("municipality", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.is_used:
        return False
    with translation.override("cs"):
        context = {"invitation": invitation, "link": absolute_url(invitation_link(invitation))}
        return send_once(
            key=f"invitation:{invitation.pk}:{invitation.nonce}",
            to=invitation.email,
            subject=_("Invitation to the housing concept portal: %(municipality)s")
            % {"municipality": invitation.municipality.name},
            body=render_to_string("portal/email/invitation.txt", context),
            municipality=invitation.municipality,
        )


@shared_task(**RETRY)
def send_notification_email(notification_id: int) -> bool:
    """Sends one notification to a person who wants an e-mail per event. Keyed, so sent once."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    sent = send_once(
        key=f"notification:{notification.pk}",
        to=notification.user.email,
        subject=notification.subject,
        body=render_to_string(
            "portal/email/notification.txt",
            {"notification": notification, "link": absolute_url(notification.url) if notification.url else ""},
        ),
        municipality=notification.municipality,
    )
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return sent


@shared_task(**RETRY)
def send_daily_digests() -> int:
    """Beat, every morning: one e-mail per person who chose the digest, with what they have not
    been sent yet. Keyed by person and day, so a second run that day sends nothing."""
    today = timezone.localdate()
    users = get_user_model().objects.filter(
        profile__notification_mode=Profile.NotificationMode.DIGEST,
        notifications__emailed_at__isnull=True,
    ).distinct()
    count = 0
    for user in users:
        pending = list(user.notifications.filter(emailed_at__isnull=True).order_by("created_at"))
        if not pending or not user.email:
            continue
        with translation.override(getattr(user.profile, "language", "cs")):
            sent = send_once(
                key=f"digest:{user.pk}:{today.isoformat()}",
                to=user.email,
                subject=_("Housing concept portal: your daily digest (%(count)s)") % {"count": len(pending)},
                body=render_to_string(
                    "portal/email/digest.txt",
                    {"user": user, "items": [(n, absolute_url(n.url) if n.url else "") for n in pending]},
                ),
            )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
        count += int(sent)
    return count


@shared_task
def requeue_stale_jobs() -> int:
    """Beat, every 10 minutes: a job left 'running' for over an hour lost its worker; enqueue it
    again (job_run claims it, so a job that did finish is not built twice)."""
    from celery import current_app

    stale = Job.objects.filter(
        status__in=[Job.Status.RUNNING, Job.Status.PENDING],
        created_at__lt=timezone.now() - timedelta(hours=1),
    )
    count = 0
    for job in stale:
        current_app.send_task(job.task_name, args=[str(job.pk)])
        count += 1
    return count


@shared_task
def ping() -> str:
    """Used by /healthz and the tests to prove a worker answers."""
    return "pong"
from .audit_export import audit_export  # noqa: E402,F401  (registers the audit export task)
