"""Support plans, reviews and contacts."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.concurrency import update_if_unchanged

from ..models import (
    Household,
    PlanReview,
    SupportContact,
    SupportGoal,
    SupportPlan,
    add_months,
)
from .common import Action, log

# --- support ---------------------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def goal_save(*, goal: SupportGoal, actor: User, expected_version: int | None = None) -> SupportGoal:
    if goal.review_on and goal.review_on < goal.plan.started_on:
        raise ValidationError({"review_on": _("The review cannot come before the plan started.")})
    created = goal.pk is None
    goal.full_clean()
    if expected_version is not None and not created:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(SupportGoal.objects, pk=goal.pk, expected_version=expected_version, fields={})
        goal.edit_version = expected_version + 1
    goal.save()
    log(actor, Action.CREATE if created else Action.UPDATE, goal.plan.household, "support_goal", goal=goal.pk)
    return goal


def due_review(plan: SupportPlan) -> PlanReview | None:
    """The review of the plan that is due next (not yet done), or None."""
    return plan.reviews.filter(done_on__isnull=True).order_by("due_on").first()


@changes_aggregates
@transaction.atomic
def plan_review_record(
    *, plan: SupportPlan, actor: User, done_on: date, note: str = "", seen_due: int | None = None
) -> PlanReview:
    """Record the review that is due and schedule the next one.

    ``seen_due``: the review the form showed as due (its pk, 0 when none was due). The plan's row
    is locked first, so two people recording at the same moment are taken one after the other;
    the second then finds another review due than the one they saw and is refused, instead of
    recording the review twice (or filling in the next one, months early)."""
    SupportPlan.objects.select_for_update().filter(pk=plan.pk).first()
    review = due_review(plan)
    if seen_due is not None and (review.pk if review else 0) != seen_due:
        raise ValidationError(_("Someone recorded this review a moment ago; see the list of reviews."))
    if done_on < plan.started_on:
        raise ValidationError({"done_on": _("The review cannot come before the plan started.")})
    if review is None:
        review = PlanReview(plan=plan, due_on=done_on)
    review.done_on, review.note = done_on, note
    review.save()
    if plan.closed_on is None:
        PlanReview.objects.get_or_create(plan=plan, due_on=add_months(max(done_on, review.due_on), plan.review_every_months))
    log(actor, Action.UPDATE, plan.household, "plan_review", review=review.pk)
    return review


@changes_aggregates
@transaction.atomic
def contact_record(
    *,
    household: Household,
    actor: User,
    date: date,
    minutes: int,
    mode: str,
    domains: list[str],
    note: str = "",
) -> SupportContact:
    if date > timezone.localdate():
        raise ValidationError({"date": _("A contact cannot be recorded in the future.")})
    contact = SupportContact(
        household=household, programme=household.programme, worker=actor, date=date, minutes=minutes,
        mode=mode, domains=list(domains), note=note,
    )
    contact.full_clean()
    contact.save()
    log(actor, Action.CREATE, household, "support_contact", contact=contact.pk)
    return contact
