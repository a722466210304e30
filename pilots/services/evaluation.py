"""The evaluation report and the exports started from the pilots' pages."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.audit import audit
from portal.models import Municipality

from .. import indicators
from ..models import (
    EvaluationReport,
    Household,
    Programme,
)
from .common import Action, log

# --- evaluation report and exports -----------------------------------------------------------


@changes_aggregates
@transaction.atomic
def evaluation_create(*, programme: Programme, actor: User, title: str, as_of: date, **texts: str) -> EvaluationReport:
    """A draft report with the figures frozen as of ``as_of``."""
    report = EvaluationReport(programme=programme, title=title, as_of=as_of, created_by=actor, **texts)
    report.full_clean()
    report.snapshot = indicators.snapshot(programme, as_of=as_of)
    report.snapshot_at = timezone.now()
    report.save()
    return report


def _refuse_if_approved(report: EvaluationReport) -> None:
    if report.is_approved:
        raise ValidationError(_("The report has been approved and can no longer change."))


@changes_aggregates
@transaction.atomic
def evaluation_update(*, report: EvaluationReport, actor: User, expected_version: int, fields: dict) -> EvaluationReport:
    """Save the narrative. Refused once approved, and when someone else saved in the meantime."""
    current = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    _refuse_if_approved(current)
    if current.edit_version != expected_version:
        raise ValidationError(_("Someone else saved this report in the meantime. Reload it and apply your changes again."))
    as_of_changed = fields.get("as_of", current.as_of) != current.as_of
    for key, value in fields.items():
        setattr(current, key, value)
    current.edit_version += 1
    current.full_clean()
    update = [*fields, "edit_version", "updated_at"]
    if as_of_changed:
        current.snapshot = indicators.snapshot(current.programme, as_of=current.as_of)
        current.snapshot_at = timezone.now()
        update += ["snapshot", "snapshot_at"]
    current.save(update_fields=update)
    return current


@transaction.atomic
def evaluation_refresh(*, report: EvaluationReport, actor: User) -> EvaluationReport:
    """Freeze the figures again (a draft only), e.g. after late data entry."""
    report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    _refuse_if_approved(report)
    report.snapshot = indicators.snapshot(report.programme, as_of=report.as_of)
    report.snapshot_at = timezone.now()
    report.edit_version += 1
    report.save(update_fields=["snapshot", "snapshot_at", "edit_version", "updated_at"])
    return report


@changes_aggregates
@transaction.atomic
def evaluation_approve(*, report: EvaluationReport, actor: User) -> EvaluationReport:
    """Approve once: a conditional update, so two clicks cannot approve twice."""
    approved = EvaluationReport.objects.filter(pk=report.pk, status=EvaluationReport.Status.DRAFT).update(
        status=EvaluationReport.Status.APPROVED, approved_at=timezone.now(), approved_by=actor
    )
    if not approved:
        raise ValidationError(_("The report has already been approved."))
    report.refresh_from_db()
    return report


def evaluation_pdf_start(*, report: EvaluationReport, actor: User, version: str = "internal"):
    """The PDF of one version of the report, both from the same frozen snapshot.

    The external version (suppressed) may be shared by every reader of the aggregates; the
    internal one (full figures) is private to the person who asked for it, and only someone who
    reads the internal version may ask (``pilots.access.evaluation_version``)."""
    from portal.jobs import job_start

    from ..access import EXTERNAL, INTERNAL, evaluation_version
    from ..tasks import evaluation_pdf

    allowed = evaluation_version(actor, report.programme)
    if version not in {INTERNAL, EXTERNAL} or allowed is None or (version == INTERNAL and allowed != INTERNAL):
        raise ValidationError(_("This version of the report is not available to you."))
    if allowed == EXTERNAL and not report.is_approved:  # drafts stay inside (access.evaluations_for)
        raise ValidationError(_("This version of the report is not available to you."))
    # The PDF depends only on the frozen figures and the texts, both tied to edit_version.
    key = f"pilots-evaluation-{report.pk}-v{report.edit_version}-{report.status}-{version}"
    if version == INTERNAL:
        key += f"-u{actor.pk}"
    title = _("Evaluation report: %(t)s") % {"t": report.title}
    return job_start(
        kind="pilots.evaluation", title=f"{title} ({_('internal') if version == INTERNAL else _('external')})",
        task=evaluation_pdf, municipality=report.municipality, actor=actor, permission="pilots.view_aggregates",
        target=report, cache_key=key, params={"version": version}, private=version == INTERNAL,
    )


@transaction.atomic
def household_export_start(*, household: Household, actor: User, fmt: str, with_identity: bool):
    """Right of access: everything held about one household, for the requester's eyes only."""
    from portal.jobs import job_start

    from ..tasks import household_export

    if fmt not in {"json", "xlsx"}:
        raise ValidationError({"format": _("Choose JSON or XLSX.")})
    log(actor, Action.EXPORT, household, "household", format=fmt, identity=with_identity)
    return job_start(
        kind="pilots.household_export", title=_("Data of household %(code)s") % {"code": household.code},
        task=household_export, municipality=household.municipality, actor=actor, permission="pilots.view_households",
        target=household, params={"format": fmt, "with_identity": with_identity}, private=True,
    )


def indicators_export_start(*, programme: Programme, actor: User, fmt: str, as_of: date):
    """The outcome indicators of a programme as a file, built by a worker.

    Whether counts under 5 are hidden is decided here, from the requester's rights, and stored
    in the job: the worker bakes it into the file. The job is private, so a file with the full
    counts never reaches someone who sees aggregates only."""
    from django.utils import translation

    from portal.jobs import job_start
    from portal.permissions import suppress_small_counts

    from ..tasks import indicators_export

    if fmt not in {"csv", "xlsx"}:
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    suppress = suppress_small_counts(actor, programme.municipality)
    return job_start(
        kind="pilots.indicators", title=_("Outcome indicators: %(p)s") % {"p": programme.name}, task=indicators_export,
        municipality=programme.municipality, actor=actor,
        permission="pilots.view_aggregates" if suppress else "pilots.view_households",
        target=programme, private=True,
        params={"format": fmt, "as_of": as_of.isoformat(), "suppress": suppress, "language": translation.get_language()},
    )


@transaction.atomic
def household_list_export_start(*, municipality: Municipality, actor: User, programme: str = "", stage: str = ""):
    """The pseudonymous household list for the evaluation, private to the requester and logged."""
    from portal.jobs import job_start

    from ..access import household_programmes, households_for
    from ..tasks import household_list_export

    if programme and not (programme.isdigit() and household_programmes(actor, municipality).filter(pk=programme).exists()):
        raise ValidationError({"programme": _("Choose one of your programmes.")})
    if stage and stage not in Household.Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    households = households_for(actor, municipality)
    if programme:
        households = households.filter(programme_id=programme)
    if stage:
        households = households.filter(stage=stage)
    audit(actor=actor, action=Action.EXPORT, municipality=municipality, detail={
        "what": "household_list", "programme": programme, "stage": stage,
        "codes": list(households.order_by("code").values_list("code", flat=True)),
    })
    return job_start(
        kind="pilots.household_list", title=_("Households (pseudonymous list)"), task=household_list_export,
        municipality=municipality, actor=actor, permission="pilots.view_households",
        params={"programme": programme, "stage": stage}, private=True,
    )
