"""Every change to pilot records goes through these functions.

Each runs in one transaction, checks its rules and raises ``ValidationError`` keyed by the form
field the message belongs next to, so that a broken rule saves nothing. Every change to a
household's record is written to the audit log with the household's code, never its name.

Locking contract: anything that decides whether a flat or a programme still has room
(``placement_create``) first locks the programme row and then the flat row with
``select_for_update``, in that order, so two social workers placing households at once are
serialised and cannot both take the last flat or overlap in one flat.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit
from portal.models import AuditEntry, Municipality

from . import indicators
from .models import (
    EvaluationReport,
    Exit,
    Flat,
    FollowUp,
    Household,
    HouseholdIdentity,
    Placement,
    PlanReview,
    Programme,
    Referral,
    RentCharge,
    StandardLease,
    SupportContact,
    SupportGoal,
    SupportPlan,
    add_months,
    month_start,
)

Action = AuditEntry.Action
HOUSEHOLD_FIELDS = (
    "size", "adults", "children", "composition", "ethos", "prior_living", "income_source",
    "has_debt", "debt_band", "referral_source",
)
IDENTITY_FIELDS = ("name", "birth_year", "phone", "email", "contact_note")


def _log(actor, action: str, household: Household, what: str, request=None, **detail) -> None:
    audit(
        actor=actor, action=action, obj=household, municipality=household.municipality,
        detail={"what": what, **detail}, request=request,
    )


def _identity_values(data: dict) -> dict:
    return {key: data.get(key) if key == "birth_year" else (data.get(key) or "") for key in IDENTITY_FIELDS}


def _check_household_fields(fields: dict) -> None:
    errors = {}
    size, adults, children = fields.get("size"), fields.get("adults"), fields.get("children") or 0
    if size is not None and adults is not None and adults + children != size:
        errors["size"] = _("The household size must equal adults plus children (%(n)s).") % {"n": adults + children}
    if fields.get("has_debt") and not fields.get("debt_band"):
        errors["debt_band"] = _("Choose the band of the debt.")
    if not fields.get("has_debt") and fields.get("debt_band"):
        errors["debt_band"] = _("A household without debts has no debt band.")
    if errors:
        raise ValidationError(errors)


# --- programmes and flats --------------------------------------------------------------------


@transaction.atomic
def programme_save(*, programme: Programme, social_workers=None) -> Programme:
    programme.full_clean()
    programme.save()
    if social_workers is not None:
        programme.social_workers.set(social_workers)
    return programme


@transaction.atomic
def flat_save(*, flat: Flat) -> Flat:
    if flat.programme_id and flat.programme.municipality_id != flat.municipality_id:
        raise ValidationError({"programme": _("The programme belongs to another municipality.")})
    if flat.available_to and flat.available_to < flat.available_from:
        raise ValidationError({"available_to": _("The end cannot come before the start.")})
    flat.full_clean()
    flat.save()
    return flat


# --- households and referrals ----------------------------------------------------------------


@transaction.atomic
def household_create(
    *,
    municipality: Municipality,
    programme: Programme,
    actor,
    fields: dict,
    identity: dict,
    referral: dict,
    request=None,
) -> Household:
    """A new household referred to a programme, with its identifying data kept apart."""
    if programme.municipality_id != municipality.pk:
        raise ValidationError({"programme": _("The programme belongs to another municipality.")})
    _check_household_fields(fields)
    household = Household(municipality=municipality, programme=programme, **fields)
    household.full_clean(exclude=["code"])
    for _attempt in range(5):  # a random code may, very rarely, be taken already
        if not Household.objects.filter(code=household.code).exists():
            break
        household.code = Household._meta.get_field("code").default()
    household.save()
    if identity.get("name"):
        HouseholdIdentity.objects.create(household=household, **_identity_values(identity))
    _log(actor, Action.CREATE, household, "household", request)
    referral_create(household=household, programme=programme, actor=actor, request=request, **referral)
    return household


@transaction.atomic
def household_update(*, household: Household, actor, fields: dict, request=None) -> Household:
    _check_household_fields(fields)
    changed = [k for k in HOUSEHOLD_FIELDS if k in fields and getattr(household, k) != fields[k]]
    for key in changed:
        setattr(household, key, fields[key])
    household.full_clean(exclude=["code"])
    if changed:
        household.save(update_fields=changed)
    # Field names only: the values are the record itself and stay out of the log.
    _log(actor, Action.UPDATE, household, "household", request, fields=changed)
    return household


@transaction.atomic
def identity_update(*, household: Household, actor, data: dict, request=None) -> HouseholdIdentity:
    if household.anonymised_at:
        raise ValidationError(_("This household has been anonymised."))
    identity, _created = HouseholdIdentity.objects.get_or_create(household=household, defaults={"name": data["name"]})
    for key, value in _identity_values(data).items():
        setattr(identity, key, value)
    identity.full_clean()
    identity.save()
    _log(actor, Action.UPDATE, household, "identity", request)
    return identity


@transaction.atomic
def referral_create(
    *,
    household: Household,
    programme: Programme,
    actor,
    referred_on: date,
    intensity: str,
    planned_hours: Decimal,
    referrer=None,
    referrer_name: str = "",
    from_placement: Placement | None = None,
    request=None,
) -> Referral:
    if programme.municipality_id != household.municipality_id:
        raise ValidationError({"programme": _("The programme belongs to another municipality.")})
    if household.referrals.filter(programme=programme, decision__in=[Referral.Decision.PENDING, Referral.Decision.WAITING]).exists():
        raise ValidationError({"programme": _("The household already has an open referral to this programme.")})
    referral = Referral(
        household=household, programme=programme, referred_on=referred_on, intensity=intensity,
        planned_hours=planned_hours, referrer=referrer, referrer_name=referrer_name,
        from_placement=from_placement, created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    referral.full_clean()
    referral.save()
    _log(actor, Action.CREATE, household, "referral", request, referral=referral.pk, programme=programme.pk)
    return referral


def next_cohort(programme: Programme) -> int:
    """The first cohort that still has room (the last one when all are full)."""
    filled = Counter(
        Referral.objects.filter(programme=programme, decision=Referral.Decision.ACCEPTED).values_list("cohort", flat=True)
    )
    for cohort in range(1, programme.cohort_count + 1):
        if filled[cohort] < programme.cohort_size:
            return cohort
    return programme.cohort_count


@transaction.atomic
def referral_decide(
    *,
    referral: Referral,
    actor,
    decision: str,
    decided_on: date,
    reason: str = "",
    cohort: int | None = None,
    waiting_position: int | None = None,
    request=None,
) -> Referral:
    """Accept (into a cohort), put on the waiting list (at a position) or refuse (with a reason)."""
    programme = Programme.objects.select_for_update().get(pk=referral.programme_id)
    referral = Referral.objects.select_for_update().select_related("household").get(pk=referral.pk)
    household = referral.household
    D = Referral.Decision
    if referral.decision not in {D.PENDING, D.WAITING}:
        raise ValidationError({"decision": _("This referral has already been decided.")})
    if decided_on < referral.referred_on:
        raise ValidationError({"decided_on": _("The decision cannot come before the referral (%(d)s).") % {"d": referral.referred_on}})
    referral.decision, referral.decided_on = decision, decided_on
    if decision == D.ACCEPTED:
        cohort = cohort or next_cohort(programme)
        if not 1 <= cohort <= programme.cohort_count:
            raise ValidationError({"cohort": _("The programme has cohorts 1 to %(n)s.") % {"n": programme.cohort_count}})
        taken = Referral.objects.filter(programme=programme, decision=D.ACCEPTED, cohort=cohort).count()
        if taken >= programme.cohort_size:
            raise ValidationError(
                {"cohort": _("Cohort %(c)s is full (%(n)s households). Choose another or use the waiting list.") % {"c": cohort, "n": programme.cohort_size}}
            )
        referral.cohort, referral.waiting_position = cohort, None
        stage = Household.Stage.ACCEPTED
    elif decision == D.WAITING:
        if waiting_position is None:
            last = Referral.objects.filter(programme=programme, decision=D.WAITING).aggregate(m=Max("waiting_position"))["m"]
            waiting_position = (last or 0) + 1
        referral.waiting_position = waiting_position
        stage = Household.Stage.WAITING
    elif decision in {D.REFUSED_PROVIDER, D.REFUSED_CLIENT}:
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for the refusal.")})
        referral.waiting_position = None
        stage = Household.Stage.REFUSED
    else:
        raise ValidationError({"decision": _("Choose a decision.")})
    referral.reason = reason
    referral.full_clean()
    referral.save()
    household.stage, household.programme = stage, programme
    household.save(update_fields=["stage", "programme"])
    _log(actor, Action.UPDATE, household, "referral_decision", request, referral=referral.pk, decision=decision)
    return referral


# --- placements ------------------------------------------------------------------------------


def _overlapping(queryset, move_in: date):
    """Placements occupying any day from ``move_in`` on (a new placement has no end yet)."""
    return queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=move_in))


@transaction.atomic
def placement_create(
    *,
    referral: Referral,
    flat: Flat,
    move_in: date,
    contract: str,
    actor,
    monthly_rent: Decimal | None = None,
    request=None,
) -> Placement:
    """House an accepted household in a flat. See the module docstring for the locking order."""
    programme = Programme.objects.select_for_update().get(pk=referral.programme_id)
    flat = Flat.objects.select_for_update().get(pk=flat.pk)
    referral = Referral.objects.select_related("household", "from_placement").get(pk=referral.pk)
    household = referral.household
    if referral.decision != Referral.Decision.ACCEPTED:
        raise ValidationError({"referral": _("Only an accepted household can be housed.")})
    if flat.municipality_id != programme.municipality_id or flat.programme_id not in (None, programme.pk):
        raise ValidationError({"flat": _("This flat is not in the programme.")})
    if flat.status in {Flat.Status.REPAIR, Flat.Status.WITHDRAWN}:
        raise ValidationError({"flat": _("The flat is %(status)s.") % {"status": flat.get_status_display()}})
    if move_in < referral.decided_on:
        raise ValidationError({"move_in": _("The move-in cannot come before the acceptance (%(d)s).") % {"d": referral.decided_on}})
    if programme.end_date and move_in > programme.end_date:
        raise ValidationError({"move_in": _("The programme ends on %(d)s.") % {"d": programme.end_date}})
    if move_in < flat.available_from or (flat.available_to and move_in >= flat.available_to):
        raise ValidationError({"move_in": _("The flat is not in the programme on that date.")})
    clash = _overlapping(Placement.objects.filter(flat=flat), move_in).select_related("household").first()
    if clash:
        raise ValidationError(
            {"flat": _("The flat is occupied by household %(code)s from %(start)s%(end)s.") % {
                "code": clash.household.code, "start": clash.move_in,
                "end": f" – {clash.ended_on}" if clash.ended_on else "",
            }}
        )
    if _overlapping(Placement.objects.filter(household=household), move_in).exists():
        raise ValidationError({"move_in": _("The household is still housed elsewhere on that date.")})
    occupied = _overlapping(Placement.objects.filter(programme=programme), move_in).count()
    if occupied >= programme.capacity_flats:
        raise ValidationError(
            {"flat": _("The programme is full: all %(n)s flats of its capacity are taken.") % {"n": programme.capacity_flats}}
        )
    placement = Placement(
        household=household, referral=referral, programme=programme, flat=flat, move_in=move_in,
        planned_end=add_months(move_in, programme.stay_months), contract=contract,
        monthly_rent=flat.rent if monthly_rent is None else monthly_rent, previous=referral.from_placement,
    )
    placement.full_clean(exclude=["previous"])
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:  # the PostgreSQL exclusion constraint, should the lock be bypassed
        raise ValidationError({"flat": _("The flat is already occupied in that period.")}) from exc
    if flat.status != Flat.Status.OCCUPIED and move_in <= timezone.localdate():
        flat.status = Flat.Status.OCCUPIED
        flat.save(update_fields=["status"])
    household.stage, household.programme = Household.Stage.PLACED, programme
    household.save(update_fields=["stage", "programme"])
    plan, created = SupportPlan.objects.get_or_create(household=household, programme=programme, defaults={"started_on": move_in})
    if created:
        PlanReview.objects.create(plan=plan, due_on=add_months(move_in, plan.review_every_months))
    _log(actor, Action.CREATE, household, "placement", request, placement=placement.pk, flat=flat.pk)
    return placement


@transaction.atomic
def placement_update(
    *, placement: Placement, actor, contract: str, lease_transferred_on: date | None, monthly_rent: Decimal, request=None
) -> Placement:
    if lease_transferred_on and lease_transferred_on < placement.move_in:
        raise ValidationError({"lease_transferred_on": _("The lease cannot pass before the move-in (%(d)s).") % {"d": placement.move_in}})
    if lease_transferred_on and placement.ended_on and lease_transferred_on > placement.ended_on:
        raise ValidationError({"lease_transferred_on": _("The lease cannot pass after the move-out (%(d)s).") % {"d": placement.ended_on}})
    placement.contract, placement.lease_transferred_on, placement.monthly_rent = contract, lease_transferred_on, monthly_rent
    placement.full_clean(exclude=["previous"])
    placement.save(update_fields=["contract", "lease_transferred_on", "monthly_rent"])
    _log(actor, Action.UPDATE, placement.household, "placement", request, placement=placement.pk)
    return placement


@transaction.atomic
def rent_record(*, placement: Placement, month: date, due: Decimal, paid: Decimal, actor, request=None) -> RentCharge:
    month = month_start(month)
    if month < month_start(placement.move_in) or (placement.ended_on and month > placement.ended_on):
        raise ValidationError({"month": _("The month lies outside the placement.")})
    charge, _created = RentCharge.objects.update_or_create(placement=placement, month=month, defaults={"due": due, "paid": paid})
    _log(actor, Action.UPDATE, placement.household, "rent", request, placement=placement.pk, month=f"{month:%Y-%m}")
    return charge


# --- exits, follow-ups, transitions ----------------------------------------------------------


@transaction.atomic
def exit_record(
    *,
    placement: Placement,
    actor,
    exit_date: date,
    completion: str,
    reason: str,
    destination: str,
    note: str = "",
    request=None,
) -> Exit:
    placement = Placement.objects.select_for_update().select_related("household", "flat").get(pk=placement.pk)
    if placement.ended_on or Exit.objects.filter(placement=placement).exists():
        raise ValidationError({"exit_date": _("The household has already left this placement.")})
    if exit_date < placement.move_in:
        raise ValidationError({"exit_date": _("The exit cannot come before the move-in (%(d)s).") % {"d": placement.move_in}})
    later = Placement.objects.filter(flat=placement.flat, move_in__gt=placement.move_in, move_in__lt=exit_date).first()
    if later:
        raise ValidationError({"exit_date": _("The flat is booked for another household from %(d)s.") % {"d": later.move_in}})
    if (reason == Exit.Reason.DEATH) != (destination == Exit.Destination.DECEASED):
        raise ValidationError({"destination": _("Death as the reason and “deceased” as the destination go together.")})
    exit = Exit(
        placement=placement, exit_date=exit_date, completion=completion, reason=reason, destination=destination,
        note=note, recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    exit.full_clean()
    exit.save()
    placement.ended_on = exit_date
    placement.save(update_fields=["ended_on"])
    if exit_date <= timezone.localdate() and not _overlapping(Placement.objects.filter(flat=placement.flat), exit_date).exists():
        Flat.objects.filter(pk=placement.flat_id, status=Flat.Status.OCCUPIED).update(status=Flat.Status.AVAILABLE)
    if destination != Exit.Destination.DECEASED:
        FollowUp.objects.bulk_create(
            [FollowUp(exit=exit, months=m, due_on=add_months(exit_date, m)) for m in FollowUp.MONTHS]
        )
    household = placement.household
    household.stage = Household.Stage.EXITED
    household.save(update_fields=["stage"])
    SupportPlan.objects.filter(household=household, programme=placement.programme_id, closed_on__isnull=True).update(closed_on=exit_date)
    _log(actor, Action.UPDATE, household, "exit", request, placement=placement.pk, reason=reason)
    return exit


@transaction.atomic
def followup_record(*, follow_up: FollowUp, actor, done_on: date, status: str, note: str = "", request=None) -> FollowUp:
    if done_on < follow_up.exit.exit_date:
        raise ValidationError({"done_on": _("The follow-up cannot come before the exit.")})
    follow_up.done_on, follow_up.status, follow_up.note = done_on, status, note
    follow_up.full_clean()
    follow_up.save(update_fields=["done_on", "status", "note"])
    _log(actor, Action.UPDATE, follow_up.exit.placement.household, "follow_up", request, months=follow_up.months)
    return follow_up


@transaction.atomic
def household_transition(
    *,
    placement: Placement,
    to_programme: Programme | None,
    on: date,
    actor,
    intensity: str = Referral.Intensity.MEDIUM,
    planned_hours: Decimal = Decimal("8"),
    lease_signed_on: date | None = None,
    landlord: str = "",
    fixed_term: bool = False,
    request=None,
) -> Referral | None:
    """Move a household up the ladder crisis → social → affordable → standard housing.

    Ends the current placement (reason "moved up", a permanent destination) and, unless the
    household moves to standard housing (``to_programme=None``), refers it to the next programme;
    the placement made from that referral links back to this one (``Placement.previous``).
    A move to standard housing records the standard lease (its start and the landlord's kind),
    without which the outcome "moved up to standard housing" is not evidenced."""
    household = placement.household
    if to_programme is not None:
        if to_programme.municipality_id != household.municipality_id:
            raise ValidationError({"to_programme": _("The programme belongs to another municipality.")})
        if to_programme.level <= placement.programme.level:
            raise ValidationError({"to_programme": _("A transition leads to a higher form of housing.")})
    else:
        errors = {}
        if lease_signed_on is None:
            errors["lease_signed_on"] = _("Enter the date the standard lease starts.")
        elif lease_signed_on < placement.move_in:
            errors["lease_signed_on"] = _("The standard lease cannot start before the household moved into the pilot flat.")
        if landlord not in StandardLease.Landlord.values:
            errors["landlord"] = _("Choose the landlord of the standard lease.")
        if errors:
            raise ValidationError(errors)
    exit = exit_record(
        placement=placement, actor=actor, exit_date=on, completion=Exit.Completion.COMPLETED,
        reason=Exit.Reason.MOVED_UP, destination=Exit.Destination.PERMANENT, request=request,
    )
    if to_programme is None:
        StandardLease.objects.create(exit=exit, signed_on=lease_signed_on, landlord=landlord, fixed_term=fixed_term)
        _log(actor, Action.UPDATE, household, "standard_lease", request, landlord=landlord)
        return None
    referral = referral_create(
        household=household, programme=to_programme, actor=actor, referred_on=on, intensity=intensity,
        planned_hours=planned_hours, referrer_name=placement.programme.name, from_placement=placement, request=request,
    )
    household.stage, household.programme = Household.Stage.REFERRED, to_programme
    household.save(update_fields=["stage", "programme"])
    return referral


# --- support ---------------------------------------------------------------------------------


@transaction.atomic
def goal_save(*, goal: SupportGoal, actor, request=None) -> SupportGoal:
    if goal.review_on and goal.review_on < goal.plan.started_on:
        raise ValidationError({"review_on": _("The review cannot come before the plan started.")})
    created = goal.pk is None
    goal.full_clean()
    goal.save()
    _log(actor, Action.CREATE if created else Action.UPDATE, goal.plan.household, "support_goal", request, goal=goal.pk)
    return goal


@transaction.atomic
def plan_review_record(*, plan: SupportPlan, actor, done_on: date, note: str = "", request=None) -> PlanReview:
    """Record the review that is due and schedule the next one."""
    review = plan.reviews.filter(done_on__isnull=True).order_by("due_on").first()
    if done_on < plan.started_on:
        raise ValidationError({"done_on": _("The review cannot come before the plan started.")})
    if review is None:
        review = PlanReview(plan=plan, due_on=done_on)
    review.done_on, review.note = done_on, note
    review.save()
    if plan.closed_on is None:
        PlanReview.objects.get_or_create(plan=plan, due_on=add_months(max(done_on, review.due_on), plan.review_every_months))
    _log(actor, Action.UPDATE, plan.household, "plan_review", request, review=review.pk)
    return review


@transaction.atomic
def contact_record(
    *,
    household: Household,
    worker,
    date: date,
    minutes: int,
    mode: str,
    domains: list[str],
    note: str = "",
    request=None,
) -> SupportContact:
    if date > timezone.localdate():
        raise ValidationError({"date": _("A contact cannot be recorded in the future.")})
    contact = SupportContact(
        household=household, programme=household.programme, worker=worker, date=date, minutes=minutes,
        mode=mode, domains=list(domains), note=note,
    )
    contact.full_clean()
    contact.save()
    _log(worker, Action.CREATE, household, "support_contact", request, contact=contact.pk)
    return contact


# --- anonymisation ---------------------------------------------------------------------------


def households_due_for_anonymisation(today: date | None = None):
    """Households that left every programme more than their programme's retention period ago.

    A household still referred, waiting or housed is never due. The rule is per programme
    (``Programme.retention_years``, default :data:`pilots.models.DEFAULT_RETENTION_YEARS`)."""
    today = today or timezone.localdate()
    candidates = (
        Household.objects.filter(anonymised_at__isnull=True, stage__in=[Household.Stage.EXITED, Household.Stage.REFUSED])
        .select_related("programme")
        .annotate(last_exit=Max("placements__exit__exit_date"), last_decision=Max("referrals__decided_on"))
    )
    due = []
    for household in candidates:
        ended = household.last_exit or household.last_decision
        if ended and add_months(ended, 12 * household.programme.retention_years) <= today:
            due.append(household)
    return due


@transaction.atomic
def household_anonymise(*, household: Household, actor=None) -> None:
    """Remove everything that could identify the household and keep the figures.

    The identity row goes; free-text notes, where people write names and circumstances, are
    emptied. Dates, categories and amounts stay, so the indicators stay the same, and frozen
    evaluation reports never read them again anyway."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.anonymised_at:
        return
    HouseholdIdentity.objects.filter(household=household).delete()
    Referral.objects.filter(household=household).update(reason="", referrer_name="")
    Exit.objects.filter(placement__household=household).update(note="")
    FollowUp.objects.filter(exit__placement__household=household).update(note="")
    SupportContact.objects.filter(household=household).update(note="")
    PlanReview.objects.filter(plan__household=household).update(note="")
    SupportGoal.objects.filter(plan__household=household).update(description="—")
    household.anonymised_at = timezone.now()
    household.save(update_fields=["anonymised_at"])
    _log(actor, Action.ANONYMISE, household, "household")


# --- evaluation report and exports -----------------------------------------------------------


@transaction.atomic
def evaluation_create(*, programme: Programme, actor, title: str, as_of: date, **texts: str) -> EvaluationReport:
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


@transaction.atomic
def evaluation_update(*, report: EvaluationReport, actor, edit_version: int, fields: dict) -> EvaluationReport:
    """Save the narrative. Refused once approved, and when someone else saved in the meantime."""
    current = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    _refuse_if_approved(current)
    if current.edit_version != edit_version:
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
def evaluation_refresh(*, report: EvaluationReport, actor) -> EvaluationReport:
    """Freeze the figures again (a draft only), e.g. after late data entry."""
    report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
    _refuse_if_approved(report)
    report.snapshot = indicators.snapshot(report.programme, as_of=report.as_of)
    report.snapshot_at = timezone.now()
    report.edit_version += 1
    report.save(update_fields=["snapshot", "snapshot_at", "edit_version", "updated_at"])
    return report


@transaction.atomic
def evaluation_approve(*, report: EvaluationReport, actor) -> EvaluationReport:
    """Approve once: a conditional update, so two clicks cannot approve twice."""
    approved = EvaluationReport.objects.filter(pk=report.pk, status=EvaluationReport.Status.DRAFT).update(
        status=EvaluationReport.Status.APPROVED, approved_at=timezone.now(), approved_by=actor
    )
    if not approved:
        raise ValidationError(_("The report has already been approved."))
    report.refresh_from_db()
    return report


def evaluation_pdf_start(*, report: EvaluationReport, user):
    from portal.jobs import job_start

    from .tasks import evaluation_pdf

    # The PDF depends only on the frozen figures and the texts, both tied to edit_version.
    key = f"pilots-evaluation-{report.pk}-v{report.edit_version}-{report.status}"
    return job_start(
        kind="pilots.evaluation", title=_("Evaluation report: %(t)s") % {"t": report.title}, task=evaluation_pdf,
        municipality=report.municipality, user=user, permission="pilots.write_evaluation", target=report, cache_key=key,
    )


@transaction.atomic
def household_export_start(*, household: Household, user, fmt: str, with_identity: bool, request=None):
    """Right of access: everything held about one household, for the requester's eyes only."""
    from portal.jobs import job_start

    from .tasks import household_export

    if fmt not in {"json", "xlsx"}:
        raise ValidationError({"format": _("Choose JSON or XLSX.")})
    _log(user, Action.EXPORT, household, "household", request, format=fmt, identity=with_identity)
    return job_start(
        kind="pilots.household_export", title=_("Data of household %(code)s") % {"code": household.code},
        task=household_export, municipality=household.municipality, user=user, permission="pilots.view_households",
        target=household, params={"format": fmt, "with_identity": with_identity}, private=True,
    )


def indicators_export_start(*, programme: Programme, user, fmt: str, as_of: date):
    """The outcome indicators of a programme as a file, built by a worker.

    Whether counts under 5 are hidden is decided here, from the requester's rights, and stored
    in the job: the worker bakes it into the file. The job is private, so a file with the full
    counts never reaches someone who sees aggregates only."""
    from django.utils import translation

    from portal.jobs import job_start
    from portal.permissions import suppress_small_counts

    from .tasks import indicators_export

    if fmt not in {"csv", "xlsx"}:
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    suppress = suppress_small_counts(user, programme.municipality)
    return job_start(
        kind="pilots.indicators", title=_("Outcome indicators: %(p)s") % {"p": programme.name}, task=indicators_export,
        municipality=programme.municipality, user=user,
        permission="pilots.view_aggregates" if suppress else "pilots.view_households",
        target=programme, private=True,
        params={"format": fmt, "as_of": as_of.isoformat(), "suppress": suppress, "language": translation.get_language()},
    )


@transaction.atomic
def household_list_export_start(*, municipality: Municipality, user, programme: str = "", stage: str = "", request=None):
    """The pseudonymous household list for the evaluation, private to the requester and logged."""
    from portal.jobs import job_start

    from .access import household_programmes, households_for
    from .tasks import household_list_export

    if programme and not (programme.isdigit() and household_programmes(user, municipality).filter(pk=programme).exists()):
        raise ValidationError({"programme": _("Choose one of your programmes.")})
    if stage and stage not in Household.Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    households = households_for(user, municipality)
    if programme:
        households = households.filter(programme_id=programme)
    if stage:
        households = households.filter(stage=stage)
    audit(actor=user, action=Action.EXPORT, municipality=municipality, request=request, detail={
        "what": "household_list", "programme": programme, "stage": stage,
        "codes": list(households.order_by("code").values_list("code", flat=True)),
    })
    return job_start(
        kind="pilots.household_list", title=_("Households (pseudonymous list)"), task=household_list_export,
        municipality=municipality, user=user, permission="pilots.view_households",
        params={"programme": programme, "stage": stage}, private=True,
    )
