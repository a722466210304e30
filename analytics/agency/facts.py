"""Bulk figures about the agency's side for many municipalities at once (fixed query counts).

Each function takes municipality ids and answers ``{id: ...}``; the dashboard, the targets, the
"needs attention" rules and the monitoring report all read from here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from concepts.models import Concept, Section
from concepts.rounds.models import Comment, Round
from pilots.models import PlanReview, Programme, SupportContact
from portal.roles import Role
from workgroups.models import Attendance, Meeting, Method
from workgroups.stats import held_meetings

from ..models import (
    Cooperation,
    CriterionScore,
    EventAttendance,
    GoodPracticeEvent,
    QualityCriterion,
    ScoreMoment,
)

GOOD_PRACTICE_HOURS = Decimal(14)


def participative_window_days() -> int:
    """Target 2: a meeting within this many days counts (setting ANALYTICS_PARTICIPATIVE_WINDOW_DAYS)."""
    return int(getattr(settings, "ANALYTICS_PARTICIPATIVE_WINDOW_DAYS", 183))


def evidence_threshold_percent() -> int:
    """Target 3: share of a document's measures that must link to a finding (ANALYTICS_EVIDENCE_THRESHOLD_PERCENT)."""
    return int(getattr(settings, "ANALYTICS_EVIDENCE_THRESHOLD_PERCENT", 50))


# --- cooperation and criteria --------------------------------------------------------------------


@dataclass
class CriterionFacts:
    criterion: QualityCriterion
    scores: dict[str, CriterionScore] = field(default_factory=dict)

    @property
    def t0(self) -> int | None:
        s = self.scores.get(ScoreMoment.T0)
        return s.level if s else None

    @property
    def latest(self) -> CriterionScore | None:
        for moment in (ScoreMoment.T24, ScoreMoment.MIDWAY):
            if moment in self.scores:
                return self.scores[moment]
        return None

    @property
    def t24(self) -> int | None:
        s = self.scores.get(ScoreMoment.T24)
        return s.level if s else None

    @property
    def scores_in_order(self) -> list[CriterionScore | None]:
        return [self.scores.get(m) for m in ScoreMoment.values]

    @property
    def max_level(self) -> int:
        return max((lv.level for lv in self.criterion.levels.all()), default=0)


@dataclass
class CooperationFacts:
    cooperation: Cooperation | None
    criteria: list[CriterionFacts] = field(default_factory=list)
    inclusion_manager: str = ""

    @property
    def competence(self) -> list[CriterionFacts]:
        return [c for c in self.criteria if c.criterion.is_competence]


def cooperation_facts(ids: Sequence[int]) -> dict[int, CooperationFacts]:
    """Cooperation, contacts, criteria with levels and scores (five queries)."""
    result = {pk: CooperationFacts(None) for pk in ids}
    cooperations = (
        Cooperation.objects.filter(municipality__in=ids)
        .prefetch_related("consultants", "contacts")
        .order_by()
    )
    by_pk = {}
    for c in cooperations:
        result[c.municipality_id].cooperation = c
        by_pk[c.pk] = result[c.municipality_id]
        manager = next((x for x in c.contacts.all() if x.is_inclusion_manager), None)
        result[c.municipality_id].inclusion_manager = manager.name if manager else ""
    criteria = QualityCriterion.objects.filter(cooperation__in=list(by_pk)).prefetch_related("levels").order_by(
        "cooperation", "position", "pk"
    )
    facts = {}
    for criterion in criteria:
        cf = CriterionFacts(criterion)
        facts[criterion.pk] = cf
        by_pk[criterion.cooperation_id].criteria.append(cf)
    for score in CriterionScore.objects.filter(criterion__in=list(facts)).select_related("scored_by"):
        facts[score.criterion_id].scores[score.moment] = score
    return result


# --- good-practice transfer ----------------------------------------------------------------------


@dataclass
class ManagerHours:
    name: str
    hours: Decimal
    events: int


def manager_hours(ids: Sequence[int], coops: dict[int, CooperationFacts], today: date) -> dict[int, ManagerHours | None]:
    """Hours of good-practice transfer the inclusion manager of each municipality attended within the
    cooperation period (one query). None when no cooperation or no inclusion manager is named."""
    rows = (
        EventAttendance.objects.filter(municipality__in=ids, is_inclusion_manager=True, event__held_on__lte=today)
        .values("municipality_id", "event__held_on", "hours")
    )
    sums: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    for row in rows:
        coop = coops[row["municipality_id"]].cooperation
        if coop is None or not (coop.starts_on <= row["event__held_on"] <= coop.planned_end_on):
            continue
        s = sums[row["municipality_id"]]
        s[0] += row["hours"]
        s[1] += 1
    result: dict[int, ManagerHours | None] = {}
    for pk in ids:
        facts = coops[pk]
        if facts.cooperation is None or not facts.inclusion_manager:
            result[pk] = None
        else:
            hours, events = sums.get(pk, [Decimal(0), 0])
            result[pk] = ManagerHours(facts.inclusion_manager, hours, events)
    return result


def attendance_lines(ids: Sequence[int]) -> dict[int, list[EventAttendance]]:
    """Every attendance of each municipality's people, with its event (one query)."""
    result: dict[int, list[EventAttendance]] = {pk: [] for pk in ids}
    for a in EventAttendance.objects.filter(municipality__in=ids).select_related("event").order_by("event__held_on", "name"):
        result[a.municipality_id].append(a)
    return result


def conferences_for(ids: Sequence[int] | None, today: date) -> list[GoodPracticeEvent]:
    """Conferences toward central government held by today; with ``ids``, those attended by one of
    these municipalities (one query)."""
    events = GoodPracticeEvent.objects.filter(kind="central_conference", held_on__lte=today)
    if ids is not None:
        events = events.filter(Exists(EventAttendance.objects.filter(event=OuterRef("pk"), municipality__in=ids)))
    return list(events.order_by("held_on", "pk"))


# --- participative meetings without a consultant -------------------------------------------------


@dataclass
class OwnMeetings:
    participative: int = 0  # participative meetings held in the window
    without_consultant: int = 0
    latest: datetime | None = None


def own_participative_meetings(ids: Sequence[int], now: datetime) -> dict[int, OwnMeetings]:
    """Participative meetings held in the last ``participative_window_days()`` and, of them, those
    at which no consultant of the municipality was present (one query)."""
    consultant_present = Attendance.objects.filter(
        meeting=OuterRef("pk"), status=Attendance.Status.PRESENT,
        member__user__memberships__role=Role.CONSULTANT, member__user__memberships__is_active=True,
        member__user__memberships__municipality=OuterRef("group__municipality"),
    )
    since = now - timedelta(days=participative_window_days())
    rows = (
        held_meetings(now).filter(group__municipality__in=ids, method__in=Method.participative(), starts_at__gte=since)
        .annotate(consultant=Exists(consultant_present))
        .values("group__municipality")
        .annotate(n=Count("pk"), own=Count("pk", filter=Q(consultant=False)),
                  latest=Max("starts_at", filter=Q(consultant=False)))
        .order_by()
    )
    result = {pk: OwnMeetings() for pk in ids}
    for row in rows:
        result[row["group__municipality"]] = OwnMeetings(row["n"], row["own"], row["latest"])
    return result


# --- comments settled, rounds overdue ------------------------------------------------------------


def comment_settlement(ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """{municipality: (settled comments, comments)} over all rounds (one query)."""
    rows = (
        Comment.objects.active().filter(round__municipality__in=ids).values("round__municipality")
        .annotate(n=Count("pk"), settled=Count("pk", filter=Q(settlement__isnull=False))).order_by()
    )
    result = dict.fromkeys(ids, (0, 0))
    for row in rows:
        result[row["round__municipality"]] = (row["settled"], row["n"])
    return result


def overdue_settlements(ids: Sequence[int], now: datetime, days: int) -> dict[int, int]:
    """Rounds closed for more than ``days`` that still have unsettled comments or were never settled (one query)."""
    unsettled = Comment.objects.active().filter(round=OuterRef("pk"), settlement__isnull=True)
    rows = (
        Round.objects.with_state(now).filter(municipality__in=ids, state=Round.Status.CLOSED,
                                             deadline__lt=now - timedelta(days=days))
        .filter(Exists(unsettled) | ~Exists(Comment.objects.filter(round=OuterRef("pk"))))
        .values("municipality").annotate(n=Count("pk")).order_by()
    )
    result = dict.fromkeys(ids, 0)
    for row in rows:
        result[row["municipality"]] = row["n"]
    return result


# --- pilots ---------------------------------------------------------------------------------------


def pilot_problems(ids: Sequence[int], today: date) -> dict[int, tuple[int, int]]:
    """{municipality: (programmes with no social worker, overdue plan reviews)} (two queries)."""
    result = {pk: [0, 0] for pk in ids}
    for row in Programme.objects.filter(municipality__in=ids).annotate(w=Count("social_workers")).filter(w=0).values(
        "municipality").annotate(n=Count("pk")).order_by():
        result[row["municipality"]][0] = row["n"]
    for row in PlanReview.objects.filter(
        plan__programme__municipality__in=ids, plan__closed_on__isnull=True, done_on__isnull=True, due_on__lt=today
    ).values("plan__programme__municipality").annotate(n=Count("pk")).order_by():
        result[row["plan__programme__municipality"]][1] = row["n"]
    return {pk: (v[0], v[1]) for pk, v in result.items()}


# --- activity -------------------------------------------------------------------------------------


def last_activity(ids: Sequence[int], now: datetime) -> dict[int, date | None]:
    """The latest day anything happened in the municipality's portal: a meeting held, a concept
    created or a section edited, a round opened, a comment, a pilot support contact, a criterion
    scored (six queries)."""
    best: dict[int, date | None] = dict.fromkeys(ids)

    def take(rows, key):
        for row in rows:
            value = row["last"]
            if value is None:
                continue
            day = timezone.localdate(value) if isinstance(value, datetime) else value
            mid = row[key]
            if best[mid] is None or day > best[mid]:
                best[mid] = day

    take(Meeting.objects.filter(group__municipality__in=ids, starts_at__lte=now).exclude(status=Meeting.Status.CANCELLED)
         .values("group__municipality").annotate(last=Max("starts_at")).order_by(), "group__municipality")
    take(Concept.objects.filter(municipality__in=ids).values("municipality").annotate(last=Max("created_at")).order_by(),
         "municipality")
    take(Section.objects.filter(concept__municipality__in=ids).values("concept__municipality")
         .annotate(last=Max("updated_at")).order_by(), "concept__municipality")
    take(Round.objects.filter(municipality__in=ids, opens_at__lte=now).exclude(status=Round.Status.DRAFT)
         .values("municipality").annotate(last=Max("opens_at")).order_by(), "municipality")
    take(Comment.objects.filter(round__municipality__in=ids).values("round__municipality")
         .annotate(last=Max("created_at")).order_by(), "round__municipality")
    take(SupportContact.objects.filter(programme__municipality__in=ids).values("programme__municipality")
         .annotate(last=Max("date")).order_by(), "programme__municipality")
    return best
