"""Entering indicator values and moving them through their cycle.

draft → submitted (by the municipality) → approved (by the consultant) → locked; a locked period
is reopened only with a reason, and the reopening is audited. A consultant may also return a
submitted value for correction. Every step is a :class:`ValueEvent`.

Values are edited by several people: :func:`value_enter` saves with the optimistic lock of
``portal.concurrency`` and raises ``EditConflict`` when someone saved the value first.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.audit import audit
from portal.concurrency import EditConflict, update_if_unchanged
from portal.models import AuditEntry, Municipality

from ..models import (
    IndicatorTarget,
    IndicatorValue,
    MunicipalityIndicator,
    Status,
    TargetKind,
    TargetOwner,
    ValidationFlag,
    ValueEvent,
    ValueSource,
    ValueState,
)
from .periods import period_start

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OUTLIER_SIGMAS = 3
MIN_HISTORY = 3


# --- validation -----------------------------------------------------------------------------


def validation_problems(plan: MunicipalityIndicator, amount: Decimal, *, period: date) -> list[tuple[str, str]]:
    """(kind, message) for a value outside the valid range or more than three standard deviations
    from the indicator's own history in this municipality (at least three other values)."""
    indicator = plan.indicator
    problems = []
    if indicator.valid_min is not None and amount < indicator.valid_min:
        problems.append((ValidationFlag.Kind.OUT_OF_RANGE, _("The value is below the lowest valid value %(min)s.")
                         % {"min": _plain(indicator.valid_min)}))
    if indicator.valid_max is not None and amount > indicator.valid_max:
        problems.append((ValidationFlag.Kind.OUT_OF_RANGE, _("The value is above the highest valid value %(max)s.")
                         % {"max": _plain(indicator.valid_max)}))
    history = [
        float(v) for v in IndicatorValue.objects.filter(plan=plan, value__isnull=False)
        .exclude(period_start=period).values_list("value", flat=True)
    ]
    if len(history) >= MIN_HISTORY:
        mean, sd = statistics.fmean(history), statistics.pstdev(history)
        if sd > 0 and abs(float(amount) - mean) > OUTLIER_SIGMAS * sd:
            problems.append((ValidationFlag.Kind.OUTLIER, _(
                "The value is more than three standard deviations from this indicator's history "
                "(mean %(mean)s, standard deviation %(sd)s).") % {"mean": _plain(mean), "sd": _plain(sd)}))
    return problems


def _plain(number) -> str:
    from ..charts import number_text

    return number_text(number)


def _event(value: IndicatorValue, action: str, from_state: str, actor, comment: str = "") -> None:
    ValueEvent.objects.create(
        value=value, action=action, from_state=from_state, to_state=value.state, amount=value.value,
        comment=comment, actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


# --- entry ----------------------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def value_enter(
    *,
    plan: MunicipalityIndicator,
    period: date,
    amount: Decimal | None,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
    comment: str = "",
    follow_up: bool = False,
) -> IndicatorValue:
    """Enter or correct the value of a period. A value that fails validation is saved with an open
    flag; with ``comment`` the flag is saved as explained. Correcting a flagged value into range
    resolves its flags. ``expected_version``: the version the person loaded (0: they saw no value;
    None: no check, for computed and demo values)."""
    start = period_start(period, plan.indicator.periodicity)
    if amount is not None and not amount.is_finite():
        raise ValidationError({"value": _("Enter a number.")})
    existing = IndicatorValue.objects.filter(plan=plan, period_start=start).first()
    now = timezone.now()
    if existing is not None and not existing.is_editable:
        raise ValidationError(_("This period is %(state)s; it can no longer be changed here.")
                              % {"state": existing.get_state_display()})
    fields = {"value": amount, "note": note.strip(), "entered_by": actor, "entered_at": now,
              "source": ValueSource.ENTERED}
    if existing is None:
        if expected_version not in (None, 0):
            raise ValidationError(_("This record was deleted by someone else in the meantime."))
        value = IndicatorValue.objects.create(plan=plan, period_start=start, **fields)
    elif expected_version == 0:
        raise EditConflict(existing)  # the person saw an empty cell; someone has entered it since
    else:
        update_if_unchanged(
            IndicatorValue.objects.select_for_update(), pk=existing.pk,
            expected_version=existing.edit_version if expected_version is None else expected_version, fields=fields,
        )
        value = IndicatorValue.objects.get(pk=existing.pk)
    value.plan = plan
    _event(value, ValueEvent.Action.ENTER, value.state, actor, note)
    problems = validation_problems(plan, amount, period=start) if amount is not None else []
    open_flags = ValidationFlag.objects.filter(value=value).exclude(state=ValidationFlag.State.RESOLVED)
    if not problems:
        open_flags.update(state=ValidationFlag.State.RESOLVED, resolved_by=actor, resolved_at=now)
        return value
    kinds = {kind for kind, _m in problems}
    open_flags.exclude(kind__in=kinds).update(state=ValidationFlag.State.RESOLVED, resolved_by=actor, resolved_at=now)
    for kind, message in problems:
        flag = ValidationFlag.objects.filter(value=value, kind=kind).exclude(state=ValidationFlag.State.RESOLVED).first()
        if flag is None:
            flag = ValidationFlag(value=value, kind=kind)
        flag.message, flag.flagged_amount = message[:300], amount
        flag.follow_up = flag.follow_up or follow_up
        if comment.strip():
            flag.comment, flag.commented_by, flag.state = comment.strip(), actor, ValidationFlag.State.EXPLAINED
        else:
            flag.state = ValidationFlag.State.OPEN
        flag.save()
    return value


@changes_aggregates
@transaction.atomic
def flag_comment(*, flag: ValidationFlag, actor: User, comment: str, follow_up: bool = False) -> ValidationFlag:
    """The person who entered a flagged value explains it."""
    if not comment.strip():
        raise ValidationError({"comment": _("Write why the value is right, or correct the value.")})
    if flag.is_resolved:
        raise ValidationError(_("This flag is already resolved."))
    flag.comment, flag.commented_by, flag.follow_up = comment.strip(), actor, follow_up
    flag.state = ValidationFlag.State.EXPLAINED
    flag.save(update_fields=["comment", "commented_by", "follow_up", "state"])
    return flag


# --- the cycle ------------------------------------------------------------------------------


def _move(value: IndicatorValue, *, to: str, allowed_from: Iterable[str], actor, action: str, comment: str = "",
          **fields) -> IndicatorValue:
    """A conditional update from one of ``allowed_from``: two people approving at once move it once."""
    previous = value.state
    moved = IndicatorValue.objects.filter(pk=value.pk, state__in=list(allowed_from)).update(state=to, **fields)
    if not moved:
        value.refresh_from_db()
        raise ValidationError(_("%(period)s of „%(indicator)s“ is %(state)s; this step is not possible now.") % {
            "period": value.period_label, "indicator": value.plan.indicator.name, "state": value.get_state_display()})
    for name, v in fields.items():
        setattr(value, name, v)
    value.state = to
    _event(value, action, previous, actor, comment)
    return value


@changes_aggregates
def value_submit(*, value: IndicatorValue, actor: User) -> IndicatorValue:
    if value.value is None:
        raise ValidationError(_("%(period)s of „%(indicator)s“ has no value to submit.") % {
            "period": value.period_label, "indicator": value.plan.indicator.name})
    if value.flags.filter(state=ValidationFlag.State.OPEN).exists():
        raise ValidationError(_("%(period)s of „%(indicator)s“ has a flagged value: write a comment or correct it "
                                "before submitting.") % {"period": value.period_label,
                                                         "indicator": value.plan.indicator.name})
    return _move(value, to=ValueState.SUBMITTED, allowed_from=ValueState.editable(), actor=actor,
                 action=ValueEvent.Action.SUBMIT, submitted_by=actor, submitted_at=timezone.now())


@changes_aggregates
@transaction.atomic
def period_submit(*, municipality: Municipality, periodicity: str, period: date, actor: User) -> list[IndicatorValue]:
    """Submit every entered value of one period of the municipality in one action. Refused as a
    whole (nothing submitted) when one of them cannot be submitted."""
    start = period_start(period, periodicity)
    values = list(
        IndicatorValue.objects.filter(
            plan__municipality=municipality, plan__indicator__periodicity=periodicity, period_start=start,
            state__in=ValueState.editable(), value__isnull=False,
        ).select_related("plan__indicator").order_by("plan__indicator__code")
    )
    if not values:
        raise ValidationError(_("There is no entered value of this period to submit."))
    errors = []
    submitted = []
    for value in values:
        try:
            submitted.append(value_submit(value=value, actor=actor))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return submitted


@changes_aggregates
def value_approve(*, value: IndicatorValue, actor: User, comment: str = "") -> IndicatorValue:
    return _move(value, to=ValueState.APPROVED, allowed_from=[ValueState.SUBMITTED], actor=actor,
                 action=ValueEvent.Action.APPROVE, comment=comment, approved_by=actor, approved_at=timezone.now(),
                 review_comment=comment.strip())


@changes_aggregates
@transaction.atomic
def values_approve(*, values: Iterable[IndicatorValue], actor: User, comment: str = "") -> list[IndicatorValue]:
    """Approve several submitted values with one comment; all or none."""
    return [value_approve(value=v, actor=actor, comment=comment) for v in values]


@changes_aggregates
@transaction.atomic
def value_return(*, value: IndicatorValue, actor: User, comment: str) -> IndicatorValue:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be corrected.")})
    return _move(value, to=ValueState.DRAFT, allowed_from=[ValueState.SUBMITTED], actor=actor,
                 action=ValueEvent.Action.RETURN, comment=comment, review_comment=comment.strip())


@changes_aggregates
@transaction.atomic
def value_lock(*, value: IndicatorValue, actor: User) -> IndicatorValue:
    return _move(value, to=ValueState.LOCKED, allowed_from=[ValueState.APPROVED], actor=actor,
                 action=ValueEvent.Action.LOCK, locked_at=timezone.now())


@changes_aggregates
@transaction.atomic
def value_reopen(*, value: IndicatorValue, actor: User, reason: str) -> IndicatorValue:
    """Reopen a locked period for correction; the reason is required and written to the audit log."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the period.")})
    value = _move(value, to=ValueState.REOPENED, allowed_from=[ValueState.LOCKED], actor=actor,
                  action=ValueEvent.Action.REOPEN, comment=reason, reopen_reason=reason.strip())
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=value, municipality=value.plan.municipality,
          detail={"reopened": value.period_label, "indicator": value.plan.indicator.code, "reason": reason.strip()})
    return value


# --- targets and status ---------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def target_set(
    *, plan: MunicipalityIndicator, actor: User, kind: str, value: Decimal, on: date, owner: str = TargetOwner.MUNICIPALITY,
    note: str = "", target: IndicatorTarget | None = None,
) -> IndicatorTarget:
    """Set the baseline or the target (one of each per owner), or add or change a milestone."""
    if kind in (TargetKind.BASELINE, TargetKind.TARGET) and target is None:
        target = IndicatorTarget.objects.filter(plan=plan, kind=kind, owner=owner).first()
    if target is None:
        target = IndicatorTarget(plan=plan, kind=kind, owner=owner)
    target.value, target.on, target.note, target.set_by = value, on, note.strip(), actor
    baseline = IndicatorTarget.objects.filter(plan=plan, kind=TargetKind.BASELINE, owner=owner).exclude(pk=target.pk).first()
    if kind != TargetKind.BASELINE and baseline and on <= baseline.on:
        raise ValidationError({"on": _("The date must come after the baseline's date.")})
    target.save()
    return target


@changes_aggregates
@transaction.atomic
def status_override_set(
    *, plan: MunicipalityIndicator, actor: User, status: str, reason: str, expected_version: int
) -> MunicipalityIndicator:
    """Set the status by hand (with a reason, shown next to it), or clear it (``status=""``)."""
    if status and status not in Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for setting the status by hand.")})
    update_if_unchanged(
        MunicipalityIndicator.objects.all(), pk=plan.pk, expected_version=expected_version,
        fields={"status_override": status, "override_reason": reason.strip() if status else "",
                "override_by": actor if status else None, "override_at": timezone.now() if status else None},
    )
    return MunicipalityIndicator.objects.select_related("indicator", "municipality").get(pk=plan.pk)
