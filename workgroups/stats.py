"""Figures about groups that the group pages, the home page, analytics and the consultant dashboard
show. Every function runs a fixed number of queries, whatever the number of groups or meetings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Q
from django.utils import timezone

from portal.models import Municipality

from .models import Attendance, Group, GroupMember, Meeting, Method, StakeholderCategory, current_q

CADENCE_FLAG_DAYS = 45


# --- composition ----------------------------------------------------------------------------


@dataclass
class Cover:
    """Which obligatory stakeholder categories a group's current members cover."""

    group: Group
    covered: list[StakeholderCategory] = field(default_factory=list)
    missing: list[StakeholderCategory] = field(default_factory=list)
    size: int = 0

    @property
    def is_full(self) -> bool:
        return not self.missing

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missing)

    @property
    def share(self) -> float:
        total = len(self.covered) + len(self.missing)
        return len(self.covered) / total if total else 1.0


def _cover(group: Group, categories: set[str], size: int) -> Cover:
    obligatory = StakeholderCategory.obligatory()
    return Cover(
        group=group,
        covered=[c for c in obligatory if c.value in categories],
        missing=[c for c in obligatory if c.value not in categories],
        size=size,
    )


def covers_for(groups: Iterable[Group], on: date | None = None) -> dict[int, Cover]:
    """Cover of each given group, in one query."""
    groups = list(groups)
    categories: dict[int, set[str]] = defaultdict(set)
    sizes: dict[int, int] = defaultdict(int)
    rows = GroupMember.objects.filter(current_q(on=on), group__in=[g.pk for g in groups]).values_list(
        "group_id", "category"
    )
    for group_id, category in rows:
        categories[group_id].add(category)
        sizes[group_id] += 1
    return {g.pk: _cover(g, categories[g.pk], sizes[g.pk]) for g in groups}


def group_cover(group: Group) -> Cover:
    return covers_for([group])[group.pk]


def composition_cover(municipality: Municipality) -> list[Cover]:
    """Cover of every active working group of a municipality (two queries)."""
    groups = Group.objects.filter(municipality=municipality, kind=Group.Kind.WORKING, is_active=True)
    return list(covers_for(groups).values())


# --- cadence of the steering team ---------------------------------------------------------------


@dataclass
class SteeringCadence:
    group: Group | None
    last_met: datetime | None
    days_since: int | None

    @property
    def flagged(self) -> bool:
        """True when the steering team has not met for more than 45 days (or never has)."""
        if self.group is None:
            return False
        return self.days_since is None or self.days_since > CADENCE_FLAG_DAYS


def held_meetings(now: datetime | None = None):
    """Meetings that took place: started already and not cancelled."""
    return Meeting.objects.filter(starts_at__lte=now or timezone.now()).exclude(status=Meeting.Status.CANCELLED)


def steering_cadence_many(municipalities: Iterable[Municipality], now: datetime | None = None) -> dict[int, SteeringCadence]:
    """Cadence of each municipality's steering team, in two queries."""
    now = now or timezone.now()
    ids = [m.pk for m in municipalities]
    teams = {}
    for group in Group.objects.filter(municipality__in=ids, kind=Group.Kind.STEERING, is_active=True).order_by("pk"):
        teams.setdefault(group.municipality_id, group)
    last = dict(
        held_meetings(now)
        .filter(group__in=[g.pk for g in teams.values()])
        .values("group_id")
        .annotate(last=Max("starts_at"))
        .values_list("group_id", "last")
    )
    result = {}
    for municipality_id in ids:
        group = teams.get(municipality_id)
        last_met = last.get(group.pk) if group else None
        days = (timezone.localdate(now) - timezone.localdate(last_met)).days if last_met else None
        result[municipality_id] = SteeringCadence(group=group, last_met=last_met, days_since=days)
    return result


def steering_cadence(municipality: Municipality, now: datetime | None = None) -> SteeringCadence:
    """"The steering team last met N days ago", flagged after 45 days."""
    return steering_cadence_many([municipality], now)[municipality.pk]


# --- attendance --------------------------------------------------------------------------------


@dataclass
class Rate:
    key: str
    label: str
    present: int
    recorded: int

    @property
    def rate(self) -> float | None:
        return self.present / self.recorded if self.recorded else None


def _attendance(municipality: Municipality, group: Group | None):
    rows = Attendance.objects.filter(meeting__group__municipality=municipality).exclude(
        meeting__status=Meeting.Status.CANCELLED
    )
    if group is not None:
        rows = rows.filter(meeting__group=group)
    return rows


def attendance_by_member(municipality: Municipality, group: Group | None = None) -> list[Rate]:
    """Share of recorded meetings each member was present at (excused counts as not present)."""
    rows = (
        _attendance(municipality, group)
        .values("member_id", "member__full_name")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
        .order_by("member__full_name", "member_id")
    )
    return [Rate(str(r["member_id"]), r["member__full_name"], r["present"], r["recorded"]) for r in rows]


def attendance_by_category(municipality: Municipality, group: Group | None = None) -> list[Rate]:
    rows = (
        _attendance(municipality, group)
        .values("member__category")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)))
        .order_by("member__category")
    )
    labels = dict(StakeholderCategory.choices)
    return [
        Rate(r["member__category"], str(labels.get(r["member__category"], r["member__category"])), r["present"], r["recorded"])
        for r in rows
    ]


# --- methods -----------------------------------------------------------------------------------


@dataclass
class Share:
    part: int
    total: int

    @property
    def share(self) -> float | None:
        return self.part / self.total if self.total else None


def participative_share(municipality: Municipality, now: datetime | None = None) -> Share:
    """Share of held meetings that used a participative method (anything but plain discussion)."""
    counts = held_meetings(now).filter(group__municipality=municipality).aggregate(
        total=Count("pk"), part=Count("pk", filter=Q(method__in=Method.participative()))
    )
    return Share(part=counts["part"], total=counts["total"])
