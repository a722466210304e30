from __future__ import annotations

import hashlib

from celery import shared_task
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .celery import RETRY
from .mail import absolute_url, send_once
from .models import Invitation, Notification, Profile
from .services import invitation_link


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
    been sent yet. Keyed by person and the exact notifications it carries: a rerun after a crash
    finds the same pending set and sends nothing twice, while a rerun later that day sends what
    arrived since (a key per day would mark those as sent without sending them)."""
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
                key=_digest_key(user.pk, [n.pk for n in pending]),
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


def _digest_key(user_id: int, notification_ids: list[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, sorted(notification_ids))).encode()).hexdigest()[:32]
    return f"digest:{user_id}:{digest}"


@shared_task
def requeue_stale_jobs() -> int:
    """Beat, every JOB_SWEEP_SECONDS: a job whose heartbeat is older than JOB_STALE_SECONDS lost its
    worker; claim it with a conditional update and enqueue it again. Twice is safe: the claim
    succeeds once, and job_run builds a job only when it claims it."""
    from .jobs import job_sweep

    return job_sweep()


@shared_task
def outbox_relay() -> int:
    """Beat, every OUTBOX_RELAY_SECONDS: deliver every outbox row (task or e-mail) that could not
    be delivered right after its commit. Twice at once is safe: each row is claimed before delivery."""
    from .outbox import relay

    return relay()


@shared_task(ignore_result=False)
def ping() -> str:
    """Used by /healthz and the tests to prove a worker answers."""
    return "pong"
from .audit_export import audit_export  # noqa: E402,F401  (registers the audit export task)
