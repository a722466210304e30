"""Computed indicators: figures the portal already holds, written as values of the current period.

- pilot retention: households still housed today / households ever housed in the pilots (%);
- pilot occupancy: flats occupied today / the programmes' capacity (%);
- evidence share: measures of the newest concept linked to an analytical finding / all its measures (%);
- participative meetings: held meetings with a participative method in the last 12 months (count);
- response rate: invitees of current comment rounds who responded / all invited (%).

Indicators imported from a dataset column take, per period, the sum of that column in the latest
complete version of the dataset for the municipality's territory code.

A computed value counts as approved (nobody types it); it is recomputed while its period is
current and left alone once locked.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from ..models import (
    ComputedKey,
    IndicatorValue,
    MunicipalityIndicator,
    Source,
    ValueEvent,
    ValueSource,
    ValueState,
)
from .periods import period_start


def _percent(part: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(100) * part / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures(ids: list[int]) -> dict[str, dict[int, Decimal | None]]:
    """{computed key: {municipality pk: value}} from the dashboard's bulk selectors (fixed queries)."""
    from ..selectors import (
        evidence_shares,
        latest_concepts,
        participative_shares,
        pilot_figures,
        round_figures,
    )

    now = timezone.now()
    concepts = latest_concepts(ids)
    evidence = evidence_shares(concepts.values())
    methods = participative_shares(ids, now)
    rounds = round_figures(ids, now)
    pilots = pilot_figures(ids, timezone.localdate(now))
    out: dict[str, dict[int, Decimal | None]] = {key: {} for key in ComputedKey.values}
    for pk in ids:
        concept = concepts.get(pk)
        ratio = evidence[concept.pk] if concept else None
        out[ComputedKey.EVIDENCE_SHARE][pk] = _percent(ratio.part, ratio.total) if ratio else None
        out[ComputedKey.PARTICIPATIVE_MEETINGS][pk] = Decimal(methods[pk][1])
        responses = rounds[pk][2]
        out[ComputedKey.RESPONSE_RATE][pk] = _percent(responses.part, responses.total)
        p = pilots[pk]
        out[ComputedKey.PILOT_OCCUPANCY][pk] = _percent(p.occupied, p.capacity)
        out[ComputedKey.PILOT_RETENTION][pk] = _percent(p.occupied, p.housed)
    return out


def _dataset_values(plan) -> dict:
    """{period start: value} of a dataset-sourced indicator from the dataset's latest version."""
    from django.db.models import Sum

    from ..models import DatasetVersion

    indicator = plan.indicator
    version = DatasetVersion.objects.filter(dataset=indicator.dataset_id, is_complete=True).order_by("-number").first()
    if version is None:
        return {}
    rows = (version.rows.filter(measure=indicator.dataset_measure, territory_code=plan.municipality.code,
                                period_date__isnull=False)
            .values("period_date").annotate(total=Sum("value")).order_by("period_date"))
    return {period_start(r["period_date"], indicator.periodicity): r["total"] for r in rows}


def _write(plan, start, amount, source) -> bool:
    current = IndicatorValue.objects.filter(plan=plan, period_start=start).first()
    if current is not None and (current.state == ValueState.LOCKED or current.source != source):
        return False
    if current is not None and current.value == amount:
        return False
    value, _created = IndicatorValue.objects.update_or_create(
        plan=plan, period_start=start,
        defaults={"value": amount, "source": source, "state": ValueState.APPROVED, "entered_at": timezone.now(),
                  "note": ""},
    )
    ValueEvent.objects.create(value=value, action=ValueEvent.Action.COMPUTE, to_state=value.state, amount=amount)
    return True


@transaction.atomic
def recompute_all(*, municipality_id: int | None = None) -> int:
    """Write the current period's value of every computed indicator; returns how many changed."""
    plans = MunicipalityIndicator.objects.filter(
        indicator__source__in=[Source.COMPUTED, Source.DATASET]).select_related("indicator", "municipality")
    if municipality_id is not None:
        plans = plans.filter(municipality_id=municipality_id)
    plans = list(plans)
    if not plans:
        return 0
    computed = [p for p in plans if p.indicator.source == Source.COMPUTED]
    values = figures(sorted({p.municipality_id for p in computed})) if computed else {}
    changed = 0
    for plan in plans:
        if plan.indicator.source == Source.DATASET:
            for period, amount in _dataset_values(plan).items():
                changed += _write(plan, period, amount, ValueSource.IMPORTED)
            continue
        amount = values.get(plan.indicator.computed_key, {}).get(plan.municipality_id)
        start = period_start(timezone.localdate(), plan.indicator.periodicity)
        changed += _write(plan, start, amount, ValueSource.COMPUTED)
    return changed
