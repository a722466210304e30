"""Programmes and flats."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Flat,
    Programme,
)

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
