"""The coordinator's caseload figures, read inside the municipality only (household codes)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q

from .models import Household, PlanReview, SupportContact

CONTACT_WINDOW_DAYS = 30


def caseload(programmes, *, today: date) -> dict:
    """Households per worker, contacts per housed household in the last 30 days against the
    programme's minimum, programmes with no assigned worker, and overdue plan reviews."""
    programmes = list(programmes.prefetch_related("social_workers"))
    since = today - timedelta(days=CONTACT_WINDOW_DAYS)
    active = Household.objects.filter(programme__in=programmes, stage__in=[Household.Stage.PLACED, Household.Stage.ACCEPTED])
    per_programme = dict(active.values("programme").annotate(n=Count("pk")).values_list("programme", "n"))
    workers: dict[int, dict] = {}
    for programme in programmes:
        for worker in programme.social_workers.all():
            row = workers.setdefault(worker.pk, {"worker": worker, "programmes": [], "households": 0})
            row["programmes"].append(programme)
            row["households"] += per_programme.get(programme.pk, 0)
    contacted = dict(
        SupportContact.objects.filter(programme__in=programmes, date__gt=since, date__lte=today, worker__isnull=False)
        .values("worker").annotate(n=Count("household", distinct=True)).values_list("worker", "n")
    )
    for pk, row in workers.items():
        row["contacted"] = contacted.get(pk, 0)
    housed = (
        Household.objects.filter(programme__in=programmes, stage=Household.Stage.PLACED)
        .select_related("programme")
        .annotate(recent=Count("contacts", filter=Q(contacts__date__gt=since, contacts__date__lte=today)))
        .order_by("recent", "code")
    )
    intensity = [
        {"household": h, "contacts": h.recent, "minimum": h.programme.min_contacts_per_month,
         "below": h.recent < h.programme.min_contacts_per_month}
        for h in housed
    ]
    overdue = (
        PlanReview.objects.filter(plan__programme__in=programmes, done_on__isnull=True, due_on__lt=today, plan__closed_on__isnull=True)
        .select_related("plan__household", "plan__programme").order_by("due_on")
    )
    return {
        "workers": sorted(workers.values(), key=lambda r: -r["households"]),
        "intensity": intensity,
        "below": sum(r["below"] for r in intensity),
        "unassigned": [p for p in programmes if not p.social_workers.all()],
        "overdue": list(overdue),
        "window": CONTACT_WINDOW_DAYS,
    }

