"""The fidelity self-assessment of a programme: an editable item list, seeded with the eight
Housing First Europe principles, scored 0–4 per item, repeated over time."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.concurrency import update_if_unchanged

from ..models import (
    FIDELITY_SCALE_MAX,
    HOUSING_FIRST_PRINCIPLES,
    FidelityAssessment,
    FidelityItem,
    FidelityScore,
    Programme,
)


@transaction.atomic
def fidelity_items_seed(*, programme: Programme, actor: User | None = None) -> list[FidelityItem]:
    """The eight Housing First Europe principles as the programme's items, unless it has items."""
    if programme.fidelity_items.exists():
        return list(programme.fidelity_items.all())
    return FidelityItem.objects.bulk_create(
        [FidelityItem(programme=programme, position=n, text=text) for n, text in enumerate(HOUSING_FIRST_PRINCIPLES, start=1)]
    )


@changes_aggregates
@transaction.atomic
def fidelity_item_save(*, item: FidelityItem, actor: User, expected_version: int | None = None) -> FidelityItem:
    if item.pk is None and not item.position:
        item.position = (item.programme.fidelity_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item.full_clean()
    if expected_version is not None and item.pk:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(FidelityItem.objects, pk=item.pk, expected_version=expected_version, fields={})
        item.edit_version = expected_version + 1
    item.save()
    return item


@changes_aggregates
@transaction.atomic
def fidelity_assessment_record(
    *, programme: Programme, actor: User, assessed_on: date, scores: dict[FidelityItem, int], note: str = ""
) -> FidelityAssessment:
    """One self-assessment: a score from 0 to 4 for every item in use. Nothing is saved if one is missing."""
    items = list(programme.fidelity_items.filter(is_active=True))
    if not items:
        raise ValidationError(_("The programme has no items to assess yet."))
    missing = [i for i in items if i not in scores]
    if missing:
        raise ValidationError(_("Score every item (%(n)s missing).") % {"n": len(missing)})
    if any(not 0 <= scores[i] <= FIDELITY_SCALE_MAX for i in items):
        raise ValidationError(_("Each item is scored from 0 to %(m)s.") % {"m": FIDELITY_SCALE_MAX})
    if FidelityAssessment.objects.filter(programme=programme, assessed_on=assessed_on).exists():
        raise ValidationError({"assessed_on": _("There is an assessment of this day already.")})
    assessment = FidelityAssessment.objects.create(programme=programme, assessed_on=assessed_on, note=note,
                                                   created_by=actor if actor.is_authenticated else None)
    FidelityScore.objects.bulk_create([FidelityScore(assessment=assessment, item=i, score=scores[i]) for i in items])
    return assessment
