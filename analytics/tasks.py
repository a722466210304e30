from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.celery import RETRY
from portal.jobs import JOB_TASK_OPTIONS, job_run
from portal.mail import absolute_url, send_once
from portal.models import SentMessage

from .exports import build_dashboard_xlsx


@shared_task(**JOB_TASK_OPTIONS)
def export_dashboard(job_id: str) -> None:
    """Build the consultant dashboard workbook of a job, when a consultant asks for the export.

    Safe to run twice: ``job_run`` leaves a finished job alone, and the file only depends on the
    requester's current permissions and the filters stored in the job.
    """
    job_run(job_id, build_dashboard_xlsx)


@shared_task(**JOB_TASK_OPTIONS)
def monitoring_report(job_id: str) -> None:
    """Render the monitoring report PDF of a job from its stored snapshot, when someone asks for it
    or a monthly subscription falls due.

    Safe to run twice: ``job_run`` leaves a finished job alone, and the PDF depends only on the
    snapshot named in the job, so a second rendering has the same figures.
    """
    from .report import build_report_pdf

    job_run(job_id, build_report_pdf)


@shared_task(**RETRY)
def snapshot_targets() -> int:
    """Daily (beat): store each municipality's contribution to the five targets for the current quarter.

    Safe to run twice: one row per municipality and quarter (a unique constraint), rewritten in place.
    """
    from .snapshots import snapshot_take

    return snapshot_take()


def month_key(subscription_pk: int, today=None) -> str:
    today = today or timezone.localdate()
    return f"analytics-report:{subscription_pk}:{today:%Y-%m}"


@shared_task(**RETRY)
def send_monthly_reports() -> int:
    """Monthly (beat, the 1st): send every subscriber their monitoring report, attached or linked.

    Safe to run twice: each subscription's e-mail has a key per month (``portal.mail.send_once``),
    a linked report's job is reused through the same key, and a sent month is skipped before any work.
    """
    from .models import ReportSubscription

    sent = 0
    for pk in ReportSubscription.objects.filter(user__is_active=True).values_list("pk", flat=True):
        sent += send_subscription_report(pk)
    return sent


def send_subscription_report(subscription_pk: int) -> int:
    from . import access
    from .models import ReportSubscription
    from .report import render_report, report_snapshot_create, report_start

    subscription = ReportSubscription.objects.select_related("user", "municipality").filter(pk=subscription_pk).first()
    if subscription is None:
        return 0
    key = month_key(subscription.pk)
    if SentMessage.objects.filter(key=key, sent_at__isnull=False).exists():
        return 0
    user = get_user_model().objects.get(pk=subscription.user_id)
    scope = access.subscription_scope(user, subscription.municipality_id)
    if not scope and not user.is_superuser:
        return 0
    single = subscription.municipality if subscription.municipality_id else None
    language = getattr(getattr(user, "profile", None), "language", None) or "cs"
    with translation.override(language):
        subject = _("Monthly monitoring report: %(scope)s") % {
            "scope": single.name if single else _("all your municipalities")}
        attachments = []
        if subscription.attaches:
            snapshot = report_snapshot_create(actor=user, municipalities=scope, single=single,
                                              all_scope=single is None and access.is_all_scope(user))
            attachments.append((f"monitorovaci-zprava-{timezone.localdate():%Y-%m}.pdf", render_report(snapshot), "application/pdf"))
            link = absolute_url(reverse("consultant:dashboard"))
        else:
            with transaction.atomic():
                job = report_start(actor=user, municipality=single, cache_key=key)
            link = absolute_url(job.get_absolute_url())
        body = render_to_string("analytics/email/monthly_report.txt", {"user": user, "link": link,
                                                                       "attached": subscription.attaches})
    return int(send_once(key=key, to=user.email, subject=subject, body=body, attachments=attachments,
                         municipality=single))
# Tasks of the datasets and indicators framework, registered with this app's tasks.
from .datasets.tasks import import_dataset_upload  # noqa: E402, F401
from .indicators.tasks import export_indicators, recompute_computed_indicators  # noqa: E402, F401
