"""What the pilots add to the home page and the municipality overview (fixed query counts)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.hooks import Attention, Card
from portal.permissions import has_role, shown_count, suppress_small_counts
from portal.roles import Role

from .models import PlanReview, Programme

REVIEW_HORIZON_DAYS = 14


def attention(user, municipality) -> list[Attention]:
    """For a social worker: support plans of their programmes due for review within two weeks."""
    if not has_role(user, municipality, Role.SOCIAL_WORKER):
        return []
    today = timezone.localdate()
    reviews = (
        PlanReview.objects.filter(
            plan__programme__municipality=municipality, plan__programme__social_workers=user,
            plan__closed_on__isnull=True, done_on__isnull=True, due_on__lte=today + timedelta(days=REVIEW_HORIZON_DAYS),
        )
        .select_related("plan__household")
        .order_by("due_on")[:20]
    )
    return [
        Attention(
            text=_("Support plan of %(code)s is due for review") % {"code": r.plan.household.code},
            url=reverse("pilots:plan_detail", args=[municipality.slug, r.plan_id]),
            level="danger" if r.due_on < today else "warning",
            due=r.due_on,
        )
        for r in reviews
    ]


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
