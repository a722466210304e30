"""Households, their identity and referrals; anonymisation when the retention period ends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.models import Municipality

from ..models import (
    Exit,
    FollowUp,
    Household,
    HouseholdIdentity,
    Placement,
    PlanReview,
    Programme,
    Referral,
    SupportContact,
    SupportGoal,
    add_months,
)
from .common import Action, log

HOUSEHOLD_FIELDS = (
    "size", "adults", "children", "composition", "ethos", "prior_living", "income_source",
    "has_debt", "debt_band", "referral_source",
)
IDENTITY_FIELDS = ("name", "birth_year", "phone", "email", "contact_note")


def _identity_values(data: dict) -> dict:
    return {key: data.get(key) if key == "birth_year" else (data.get(key) or "") for key in IDENTITY_FIELDS}


def _check_household_fields(fields: dict) -> None:
    errors = {}
    size, adults, children = fields.get("size"), fields.get("adults"), fields.get("children") or 0
    if size is not None and adults is not None and adults + children != size:
        errors["size"] = _("The household size must equal adults plus children (%(n)s).") % {"n": adults + children}
    composition, C = fields.get("composition"), Household.Composition
    if composition in {C.SINGLE, C.COUPLE} and children:
        errors["composition"] = _("“%(c)s” has no children: choose a household with children or set the children to 0.") % {
            "c": C(composition).label
        }
    if composition in {C.SINGLE_PARENT, C.FAMILY} and fields.get("children") == 0:
        errors["children"] = _("A household with children has at least one child.")
    if composition == C.SINGLE and adults is not None and adults != 1:
        errors["adults"] = _("A single person is one adult.")
    if fields.get("has_debt") and not fields.get("debt_band"):
        errors["debt_band"] = _("Choose the band of the debt.")
    if not fields.get("has_debt") and fields.get("debt_band"):
        errors["debt_band"] = _("A household without debts has no debt band.")
    if errors:
        raise ValidationError(errors)


# --- households and referrals ----------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def household_create(
    *,
    municipality: Municipality,
    programme: Programme,
    actor: User,
    fields: dict,
    identity: dict,
    referral: dict,
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
    log(actor, Action.CREATE, household, "household")
    referral_create(household=household, programme=programme, actor=actor, **referral)
    return household


@changes_aggregates
@transaction.atomic
def household_update(*, household: Household, actor: User, fields: dict, expected_version: int | None = None) -> Household:
    """Save the coded fields. With ``expected_version`` (the version the worker loaded) the save is
    conditional (portal/concurrency.py): when a colleague saved first, :class:`EditConflict`
    carries their version and nothing is written. None (no edit form: the demo data) saves without
    the check."""
    from portal.concurrency import update_if_unchanged

    _check_household_fields(fields)
    current = Household.objects.get(pk=household.pk)
    changed = [k for k in HOUSEHOLD_FIELDS if k in fields and getattr(current, k) != fields[k]]
    for key in HOUSEHOLD_FIELDS:
        if key in fields:
            setattr(current, key, fields[key])
    current.full_clean(exclude=["code"])
    update_if_unchanged(Household.objects.all(), pk=current.pk, expected_version=expected_version,
                        fields={k: getattr(current, k) for k in HOUSEHOLD_FIELDS if k in fields})
    current.refresh_from_db()
    # Field names only: the values are the record itself and stay out of the log.
    log(actor, Action.UPDATE, current, "household", fields=changed)
    return current


@transaction.atomic
def identity_update(*, household: Household, actor: User, data: dict,
                    expected_version: int | None = None) -> HouseholdIdentity:
    """Enter or change who the household is. ``expected_version`` is the identity's version as the
    worker loaded it (0: there was none): if a colleague saved it since, :class:`EditConflict` is
    raised and nothing is saved."""
    from portal.concurrency import save_keyed

    if household.anonymised_at:
        raise ValidationError(_("This household has been anonymised."))
    values = _identity_values(data)
    HouseholdIdentity(household=household, **values).full_clean(exclude=["household"], validate_unique=False)
    with transaction.atomic():
        identity = save_keyed(HouseholdIdentity.objects.all(), key={"household": household},
                              expected_version=expected_version, fields={**values, "updated_at": timezone.now()})
        log(actor, Action.UPDATE, household, "identity")
    return identity


@changes_aggregates
@transaction.atomic
def referral_create(
    *,
    household: Household,
    programme: Programme,
    actor: User,
    referred_on: date,
    intensity: str,
    planned_hours: Decimal,
    referrer=None,
    referrer_name: str = "",
    from_placement: Placement | None = None,
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
    log(actor, Action.CREATE, household, "referral", referral=referral.pk, programme=programme.pk)
    return referral


def next_cohort(programme: Programme, *, on: date) -> int:
    """The first cohort that still has a free place (the last one when all are full)."""
    from .placements import places_taken

    for cohort in range(1, programme.cohort_count + 1):
        if places_taken(programme, on=on, cohort=cohort) < programme.cohort_size:
            return cohort
    return programme.cohort_count


def waiting_list(programme: Programme):
    """The programme's waiting list (pořadník), in the order places are offered."""
    return Referral.objects.filter(programme=programme, decision=Referral.Decision.WAITING).select_related(
        "household"
    ).order_by("waiting_position", "referred_on", "pk")


@changes_aggregates
@transaction.atomic
def referral_decide(
    *,
    referral: Referral,
    actor: User,
    decision: str,
    decided_on: date,
    reason: str = "",
    cohort: int | None = None,
    waiting_position: int | None = None,
    transfer: bool = False,
) -> Referral:
    """Accept (into a cohort with a free place), put on the waiting list (at a position) or refuse
    (with a reason).

    Places are households (``places_taken``): those housed and those accepted but not yet housed.
    While households wait, a freed place goes to the first of them: a new referral cannot jump
    the waiting list, and only the first on it can be accepted. ``transfer`` is a move up from the
    programme below (``household_transition``): continuity of a case, not a new application."""
    from .placements import places_free, places_taken

    programme = Programme.objects.select_for_update().get(pk=referral.programme_id)
    referral = Referral.objects.select_for_update().select_related("household").get(pk=referral.pk)
    household = referral.household
    D = Referral.Decision
    if not referral.is_open:
        raise ValidationError({"decision": _("This referral has already been decided.")})
    if decided_on < referral.referred_on:
        raise ValidationError({"decided_on": _("The decision cannot come before the referral (%(d)s).") % {"d": referral.referred_on}})
    if decision == D.ACCEPTED:
        first = waiting_list(programme).first()
        if first is not None and first.pk != referral.pk and not transfer:
            raise ValidationError({"decision": _(
                "Households on the waiting list come first: the next free place goes to %(code)s."
            ) % {"code": first.household.code}})
        if places_free(programme, on=decided_on) <= 0:
            raise ValidationError({"decision": _(
                "All %(n)s places of the programme are taken (housed or accepted). Put the household on the waiting list."
            ) % {"n": programme.capacity_flats}})
        cohort = cohort or next_cohort(programme, on=decided_on)
        if not 1 <= cohort <= programme.cohort_count:
            raise ValidationError({"cohort": _("The programme has cohorts 1 to %(n)s.") % {"n": programme.cohort_count}})
        if places_taken(programme, on=decided_on, cohort=cohort) >= programme.cohort_size:
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
    referral.decision, referral.decided_on, referral.reason = decision, decided_on, reason
    referral.full_clean()
    referral.save()
    household.stage, household.programme = stage, programme
    household.save(update_fields=["stage", "programme"])
    log(actor, Action.UPDATE, household, "referral_decision", referral=referral.pk, decision=decision)
    return referral


@changes_aggregates
@transaction.atomic
def waiting_list_offer(*, programme: Programme, actor: User, on: date) -> list[Referral]:
    """Offer the programme's free places to the waiting list, in its order: each household offered
    a place is accepted (into the first cohort with room). Returns the accepted referrals; safe to
    call again (nothing happens while no place is free)."""
    from .placements import places_free

    accepted = []
    for referral in list(waiting_list(programme)):
        if places_free(programme, on=on) <= 0:
            break
        accepted.append(referral_decide(referral=referral, actor=actor, decision=Referral.Decision.ACCEPTED,
                                        decided_on=max(on, referral.referred_on)))
    return accepted


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


@changes_aggregates
@transaction.atomic
def household_anonymise(*, household: Household, actor: User | None = None) -> None:
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
    log(actor, Action.ANONYMISE, household, "household")
