"""What the pilots add to the home page and the municipality overview (fixed query counts)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.hooks import Attention, Card
from portal.permissions import shown_count, suppress_small_counts

from .access import household_programmes_many
from .models import FollowUp, PlanReview, Programme

REVIEW_HORIZON_DAYS = 14
FOLLOW_UP_HORIZON_DAYS = 14
MAX_ITEMS = 20  # of each kind; the rest waits on the household list


def _my_programmes(user, municipalities):
    """Programmes whose households this user works with: assigned as a social worker, or named
    as the programme's coordinator (and still holding household access there)."""
    return (
        household_programmes_many(user, municipalities)
        .filter(Q(social_workers=user) | Q(coordinator=user))
        .values("pk")
    )


def _first(queryset, municipality_field: str):
    """The first MAX_ITEMS rows of each municipality (a window over the municipality, one query)."""
    return queryset.annotate(
        nth=Window(RowNumber(), partition_by=[F(municipality_field)], order_by=[F("due_on").asc(), F("pk").asc()]),
    ).filter(nth__lte=MAX_ITEMS).order_by("due_on", "pk")


def attention_many(user, municipalities) -> dict[int, list[Attention]]:
    """For the assigned social workers and the programme's coordinator: support plans due for
    review and follow-ups (+6, +12, +24 months after an exit) due within two weeks or overdue.

    Two queries for any number of municipalities and rows: the reviews, the follow-ups."""
    municipalities = list(municipalities)
    by_pk = {m.pk: m for m in municipalities}
    items: dict[int, list[Attention]] = {pk: [] for pk in by_pk}
    if not user.is_authenticated:
        return items
    mine = [m for m in municipalities if user.has_perm("pilots.view_households", m)]
    if not mine:
        return items
    today = timezone.localdate()
    programmes = _my_programmes(user, mine)
    reviews = _first(
        PlanReview.objects.filter(
            plan__programme__in=programmes, plan__closed_on__isnull=True, plan__household__anonymised_at__isnull=True,
            done_on__isnull=True, due_on__lte=today + timedelta(days=REVIEW_HORIZON_DAYS),
        ).annotate(municipality_id=F("plan__programme__municipality_id")).select_related("plan__household"),
        "plan__programme__municipality_id",
    )
    follow_ups = _first(
        FollowUp.objects.filter(
            exit__placement__programme__in=programmes, exit__placement__household__anonymised_at__isnull=True,
            done_on__isnull=True, due_on__lte=today + timedelta(days=FOLLOW_UP_HORIZON_DAYS),
        ).annotate(municipality_id=F("exit__placement__programme__municipality_id"))
        .select_related("exit__placement__household"),
        "exit__placement__programme__municipality_id",
    )
    for r in reviews:
        items[r.municipality_id].append(Attention(
            text=_("Support plan of %(code)s is due for review") % {"code": r.plan.household.code},
            url=reverse("pilots:plan_detail", args=[by_pk[r.municipality_id].slug, r.plan_id]),
            level="danger" if r.due_on < today else "warning",
            due=r.due_on,
        ))
    for f in follow_ups:
        items[f.municipality_id].append(Attention(
            text=_("Follow-up +%(n)s months after the exit of %(code)s is due")
            % {"n": f.months, "code": f.exit.placement.household.code},
            url=reverse("pilots:followup_record", args=[by_pk[f.municipality_id].slug, f.pk]),
            level="danger" if f.due_on < today else "warning",
            due=f.due_on,
        ))
    return items



def overview_card(user, municipality) -> Card | None:
    """The programmes with their occupancy today."""
    if not user.has_perm("pilots.view_aggregates", municipality):
        return None
    today = timezone.localdate()
    active = Q(placements__move_in__lte=today) & (Q(placements__ended_on__isnull=True) | Q(placements__ended_on__gt=today))
    programmes = list(
        Programme.objects.filter(municipality=municipality).annotate(occupied=Count("placements", filter=active)).order_by("start_date", "name")
    )
    if not programmes:
        return None
    suppress = suppress_small_counts(user, municipality)
    total = sum(p.occupied for p in programmes)
    capacity = sum(p.capacity_flats for p in programmes)
    return Card(
        title=_("Pilots"),
        url=reverse("pilots:programme_list", args=[municipality.slug]),
        figure=f"{shown_count(total, suppress=suppress)} / {capacity}",
        detail="; ".join(
            f"{p.name}: {shown_count(p.occupied, suppress=suppress)}/{p.capacity_flats}" for p in programmes
        ),
        order=40,
    )
