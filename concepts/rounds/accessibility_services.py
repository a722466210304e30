"""Act 99/2019 §9: a "podnět k nápravě" (a report that something is not accessible) reaches the
superusers' queue and is answered by e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.mail import send_once
from portal.notifications import notify

from .models import AccessibilityReport

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TEXT_LIMIT = 5000


def accessibility_report_create(*, name: str, email: str, page_url: str, text: str,
                                now: datetime | None = None) -> AccessibilityReport:
    errors = {}
    email, text = (email or "").strip(), (text or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter the e-mail address we should answer to.")
    if not text:
        errors["text"] = _("Describe what is not accessible and where.")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The description is too long (at most %(n)s characters).") % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = AccessibilityReport.objects.create(
            name=(name or "").strip()[:200], email=email, page_url=(page_url or "").strip()[:500], text=text,
            created_at=now or timezone.now(),
        )
        with translation.override("cs"):
            for admin in get_user_model().objects.filter(is_superuser=True, is_active=True):
                notify(user=admin, subject=_("Accessibility report from %(email)s") % {"email": email},
                       body=text, url=reverse("accessibility:queue"))
    return report


def accessibility_report_answer(*, report: AccessibilityReport, actor: User, answer: str,
                                now: datetime | None = None) -> AccessibilityReport:
    """Answer by e-mail (keyed per report, so a retry sends nothing twice) and record it."""
    answer = (answer or "").strip()
    if not getattr(actor, "is_superuser", False):
        raise ValidationError(_("Only an administrator answers accessibility reports."))
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        claimed = AccessibilityReport.objects.filter(pk=report.pk, answered_at__isnull=True).update(
            answer=answer, answered_at=now or timezone.now(), answered_by=actor)
        if not claimed:
            raise ValidationError(_("This report has already been answered."))
        with translation.override("cs"):
            send_once(key=f"accessibility:{report.pk}:answer", to=report.email,
                      subject=_("Answer to your accessibility report"),
                      body=f"{answer}\n\n— {_('Your report')}:\n{report.text}")
    report.refresh_from_db()
    return report
