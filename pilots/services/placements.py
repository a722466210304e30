"""Placements, rent, exits, follow-ups and moves up the ladder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.concurrency import save_keyed, update_if_unchanged

from ..models import (
    Exit,
    Flat,
    FollowUp,
    Household,
    Placement,
    PlanReview,
    Programme,
    Referral,
    RentCharge,
    StandardLease,
    SupportPlan,
    add_months,
    month_start,
)
from .common import Action, log
from .households import referral_create

# --- placements ------------------------------------------------------------------------------


def _overlapping(queryset, move_in: date):
    """Placements occupying any day from ``move_in`` on (a new placement has no end yet)."""
    return queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=move_in))


@changes_aggregates
@transaction.atomic
def placement_create(
    *,
    referral: Referral,
    flat: Flat,
    move_in: date,
    contract: str,
    actor: User,
    monthly_rent: Decimal | None = None,
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
    log(actor, Action.CREATE, household, "placement", placement=placement.pk, flat=flat.pk)
    return placement


@changes_aggregates
@transaction.atomic
def placement_update(
    *, placement: Placement, actor: User, contract: str, lease_transferred_on: date | None, monthly_rent: Decimal,
    expected_version: int | None = None,
) -> Placement:
    """Change a placement's contract, lease transfer and rent. ``expected_version`` is its version
    as loaded: if a colleague saved it since, :class:`EditConflict` is raised and nothing is saved."""
    if lease_transferred_on and lease_transferred_on < placement.move_in:
        raise ValidationError({"lease_transferred_on": _("The lease cannot pass before the move-in (%(d)s).") % {"d": placement.move_in}})
    if lease_transferred_on and placement.ended_on and lease_transferred_on > placement.ended_on:
        raise ValidationError({"lease_transferred_on": _("The lease cannot pass after the move-out (%(d)s).") % {"d": placement.ended_on}})
    placement.contract, placement.lease_transferred_on, placement.monthly_rent = contract, lease_transferred_on, monthly_rent
    placement.full_clean(exclude=["previous"])
    fields = {"contract": contract, "lease_transferred_on": lease_transferred_on, "monthly_rent": monthly_rent}
    with transaction.atomic():
        update_if_unchanged(Placement.objects.all(), pk=placement.pk, expected_version=expected_version, fields=fields)
        log(actor, Action.UPDATE, placement.household, "placement", placement=placement.pk)
    return placement


@changes_aggregates
@transaction.atomic
def rent_record(*, placement: Placement, month: date, due: Decimal, paid: Decimal, actor: User,
                expected_version: int | None = None) -> RentCharge:
    """Enter or correct one month of the ledger. ``expected_version`` is the month's version as the
    worker saw it (0: no charge yet): a month a colleague entered or changed since raises
    :class:`EditConflict`, and nothing is saved."""
    month = month_start(month)
    if month < month_start(placement.move_in) or (placement.ended_on and month > placement.ended_on):
        raise ValidationError({"month": _("The month lies outside the placement.")})
    charge = save_keyed(RentCharge.objects.all(), key={"placement": placement, "month": month},
                        expected_version=expected_version, fields={"due": due, "paid": paid})
    log(actor, Action.UPDATE, placement.household, "rent", placement=placement.pk, month=f"{month:%Y-%m}")
    return charge


# --- exits, follow-ups, transitions ----------------------------------------------------------


def _lease_errors(placement: Placement, lease_signed_on: date | None, landlord: str) -> dict:
    errors = {}
    if lease_signed_on is None:
        errors["lease_signed_on"] = _("Enter the date the lease starts: a permanent destination needs a lease record.")
    elif lease_signed_on < placement.move_in:
        errors["lease_signed_on"] = _("The standard lease cannot start before the household moved into the pilot flat.")
    if landlord not in StandardLease.Landlord.values:
        errors["landlord"] = _("Choose the landlord of the standard lease.")
    return errors


@changes_aggregates
@transaction.atomic
def exit_record(
    *,
    placement: Placement,
    actor: User,
    exit_date: date,
    completion: str,
    reason: str,
    place: str = "",
    destination: str = "",
    note: str = "",
    lease_signed_on: date | None = None,
    landlord: str = "",
    fixed_term: bool = False,
) -> Exit:
    """The household leaves its placement, for a destination (``place``, mapped to one of the five
    categories of :class:`Exit.Destination`).

    A permanent destination needs evidence: here, the lease record (start and landlord). A move
    up to the next programme is not recorded here but with :func:`household_transition`, whose
    evidence is the enrolment it creates: there is one way to record a move up."""
    if reason == Exit.Reason.MOVED_UP:
        raise ValidationError({"reason": _("Record a move up with “Move up”: it also enrols the household in the next programme.")})
    return _exit(
        placement=placement, actor=actor, exit_date=exit_date, completion=completion, reason=reason, place=place,
        destination=destination, note=note, lease=(lease_signed_on, landlord, fixed_term),
    )


def _exit(*, placement, actor, exit_date, completion, reason, place, destination, note="", lease=None, evidenced=False) -> Exit:
    placement = Placement.objects.select_for_update().select_related("household", "flat").get(pk=placement.pk)
    if placement.ended_on or Exit.objects.filter(placement=placement).exists():
        raise ValidationError({"exit_date": _("The household has already left this placement.")})
    if exit_date < placement.move_in:
        raise ValidationError({"exit_date": _("The exit cannot come before the move-in (%(d)s).") % {"d": placement.move_in}})
    later = Placement.objects.filter(flat=placement.flat, move_in__gt=placement.move_in, move_in__lt=exit_date).first()
    if later:
        raise ValidationError({"exit_date": _("The flat is booked for another household from %(d)s.") % {"d": later.move_in}})
    if place:
        if place not in Exit.Place.values:
            raise ValidationError({"place": _("Choose where the household went.")})
        destination = Exit.PLACE_CATEGORY[place]
    if destination not in Exit.Destination.values:
        raise ValidationError({"place": _("Choose where the household went.")})
    if (reason == Exit.Reason.DEATH) != (destination == Exit.Destination.DECEASED):
        raise ValidationError({"place": _("Death as the reason and “deceased” as the destination go together.")})
    signed_on, landlord, fixed_term = lease or (None, "", False)
    if destination == Exit.Destination.PERMANENT and not evidenced:
        if errors := _lease_errors(placement, signed_on, landlord):
            raise ValidationError(errors)
    exit = Exit(
        placement=placement, exit_date=exit_date, completion=completion, reason=reason, destination=destination,
        place=place, note=note, recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    exit.full_clean()
    exit.save()
    if destination == Exit.Destination.PERMANENT and signed_on:
        StandardLease.objects.create(exit=exit, signed_on=signed_on, landlord=landlord, fixed_term=fixed_term)
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
    log(actor, Action.UPDATE, household, "exit", placement=placement.pk, reason=reason)
    return exit


@changes_aggregates
@transaction.atomic
def followup_record(*, follow_up: FollowUp, actor: User, done_on: date, status: str, note: str = "",
                    expected_version: int | None = None) -> FollowUp:
    if done_on < follow_up.exit.exit_date:
        raise ValidationError({"done_on": _("The follow-up cannot come before the exit.")})
    if expected_version is not None:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(FollowUp.objects, pk=follow_up.pk, expected_version=expected_version, fields={})
        follow_up.edit_version = expected_version + 1
    follow_up.done_on, follow_up.status, follow_up.note = done_on, status, note
    follow_up.full_clean()
    follow_up.save(update_fields=["done_on", "status", "note"])
    log(actor, Action.UPDATE, follow_up.exit.placement.household, "follow_up", months=follow_up.months)
    return follow_up


@changes_aggregates
@transaction.atomic
def household_transition(
    *,
    placement: Placement,
    to_programme: Programme | None,
    on: date,
    actor: User,
    intensity: str = Referral.Intensity.MEDIUM,
    planned_hours: Decimal = Decimal("8"),
    lease_signed_on: date | None = None,
    landlord: str = "",
    fixed_term: bool = False,
) -> Referral | None:
    """Move a household up the ladder crisis → social → affordable → standard housing: the one
    way to record a move up.

    Ends the current placement (reason "moved up", a permanent destination) and, unless the
    household moves to standard housing (``to_programme=None``), enrols it in the next programme:
    a referral accepted on the day of the move into a cohort with a free place (or, when the
    programme is full, put on its waiting list). The household keeps its code and its history;
    the placement made from that enrolment links back to this one (``Placement.previous``), and the
    enrolment is the evidence of the permanent destination. A move to standard housing records the
    standard lease (its start and the landlord's kind) as its evidence."""
    from .households import referral_decide

    household = placement.household
    if to_programme is not None:
        if to_programme.municipality_id != household.municipality_id:
            raise ValidationError({"to_programme": _("The programme belongs to another municipality.")})
        if to_programme.level <= placement.programme.level:
            raise ValidationError({"to_programme": _("A transition leads to a higher form of housing.")})
        place = Exit.Place.SOCIAL_FLAT if to_programme.level == 2 else Exit.Place.SUPPORTED_TENANCY
    else:
        if errors := _lease_errors(placement, lease_signed_on, landlord):
            raise ValidationError(errors)
        place = Exit.Place.OWN_TENANCY
    _exit(
        placement=placement, actor=actor, exit_date=on, completion=Exit.Completion.COMPLETED,
        reason=Exit.Reason.MOVED_UP, place=place, destination="", evidenced=to_programme is not None,
        lease=(lease_signed_on, landlord, fixed_term),
    )
    if to_programme is None:
        log(actor, Action.UPDATE, household, "standard_lease", landlord=landlord)
        return None
    referral = referral_create(
        household=household, programme=to_programme, actor=actor, referred_on=on, intensity=intensity,
        planned_hours=planned_hours, referrer_name=placement.programme.name, from_placement=placement,
    )
    full = places_free(to_programme, on=on) <= 0
    return referral_decide(
        referral=referral, actor=actor, decision=Referral.Decision.WAITING if full else Referral.Decision.ACCEPTED,
        decided_on=on, transfer=True,
    )


def places_taken(programme: Programme, *, on: date, cohort: int | None = None) -> int:
    """Places are households, not referrals: those housed on ``on`` and those accepted but not
    yet housed. A household that left (or dropped out after moving in) frees its place."""
    from django.db.models import Exists, OuterRef

    accepted = Referral.objects.filter(programme=programme, decision=Referral.Decision.ACCEPTED)
    if cohort is not None:
        accepted = accepted.filter(cohort=cohort)
    placements = Placement.objects.filter(referral=OuterRef("pk"))
    active = placements.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    return accepted.filter(Exists(active) | ~Exists(placements)).count()


def places_free(programme: Programme, *, on: date) -> int:
    return programme.capacity_flats - places_taken(programme, on=on)
