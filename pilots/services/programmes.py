"""Programmes and flats."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.concurrency import update_if_unchanged

from ..models import (
    Flat,
    Placement,
    Programme,
)

# --- programmes and flats --------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def programme_save(*, programme: Programme, social_workers=None, expected_version: int | None = None) -> Programme:
    created = programme.pk is None
    programme.full_clean()
    if expected_version is not None and not created:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(Programme.objects, pk=programme.pk, expected_version=expected_version, fields={})
        programme.edit_version = expected_version + 1
    programme.save()
    if created:
        from .fidelity import fidelity_items_seed

        fidelity_items_seed(programme=programme)
    if social_workers is not None:
        programme.social_workers.set(social_workers)
    return programme


@changes_aggregates
@transaction.atomic
def flat_save(*, flat: Flat, expected_version: int | None = None) -> Flat:
    if flat.programme_id and flat.programme.municipality_id != flat.municipality_id:
        raise ValidationError({"programme": _("The programme belongs to another municipality.")})
    if flat.available_to and flat.available_to < flat.available_from:
        raise ValidationError({"available_to": _("The end cannot come before the start.")})
    flat.full_clean()
    if expected_version is not None and flat.pk:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(Flat.objects, pk=flat.pk, expected_version=expected_version, fields={})
        flat.edit_version = expected_version + 1
    flat.save()
    return flat


def flats_by_district(flats, *, suppress: bool) -> list[dict]:
    """The flat register for aggregate roles: per city district the flats in the programmes and
    how many are occupied today, never an address. Occupied flats count households, so with
    ``suppress`` they are suppressed like every other table (primary and secondary: the districts
    add up to the total)."""
    from django.db.models import Exists, OuterRef
    from django.utils.translation import gettext as _

    from ..suppression import suppress as run

    today = timezone.localdate()
    active = Placement.objects.filter(flat=OuterRef("pk"), move_in__lte=today).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    counts: dict[str, list[int]] = {}
    for district, taken in flats.annotate(taken=Exists(active)).values_list("district", "taken"):
        row = counts.setdefault(district, [0, 0])
        row[0] += 1
        row[1] += bool(taken)
    districts = sorted(counts)
    cells = {("occupied", d): counts[d][1] for d in districts}
    cells[("occupied", "")] = sum(counts[d][1] for d in districts)
    hidden_small, hidden_more = (set(), set())
    if suppress:
        hidden_small, hidden_more = run(cells, [(("occupied", ""), [("occupied", d) for d in districts])])

    def text(key):
        return "<5" if key in hidden_small else _("hidden") if key in hidden_more else str(cells[key])

    rows = [{"district": d, "flats": counts[d][0], "occupied": text(("occupied", d))} for d in districts]
    rows.append({"district": _("Total"), "flats": sum(c[0] for c in counts.values()), "occupied": text(("occupied", "")), "total": True})
    return rows
