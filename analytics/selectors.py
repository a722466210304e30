"""The consultant dashboard's figures for many municipalities at once.

Every app's stats module answers for one municipality; the dashboard needs the same figures for
all municipalities a consultant follows (about 40). The functions here aggregate across
municipalities with ``values("municipality").annotate(...)`` or the apps' own bulk functions, so
the number of queries is fixed whatever the number of municipalities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from concepts.models import Concept, Phase, Section, SectionKind
from concepts.rounds.models import Comment, Round, Settlement
from concepts.rounds.stats import response_rates
from pilots.models import Placement, Programme
from portal.models import Municipality
from portal.permissions import SMALL_COUNT_THRESHOLD, suppress_small_counts
from workgroups.models import Group, Method
from workgroups.stats import SteeringCadence, covers_for, held_meetings, steering_cadence_many

#: Meetings within this many days count as "recent" for the participative-methods target.
RECENT_MEETING_DAYS = 365


@dataclass
class Ratio:
    part: int
    total: int

    @property
    def share(self) -> float | None:
        return self.part / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.total) if self.total else None


@dataclass
class Pilots:
    programmes: int = 0
    housed: int = 0
    target: int = 0
    occupied: int = 0
    capacity: int = 0

    @property
    def housed_share(self) -> Ratio:
        return Ratio(self.housed, self.target)

    @property
    def occupancy(self) -> Ratio:
        return Ratio(self.occupied, self.capacity)


@dataclass
class Row:
    """One municipality's line of the dashboard."""

    municipality: Municipality
    concept: Concept | None
    cadence: SteeringCadence
    groups: int
    groups_with_gaps: int
    participative: Ratio
    recent_participative: int
    open_rounds: int
    awaiting_settlement: int
    responses: Ratio
    evidence: Ratio
    pilots: Pilots
    suppress: bool
    reasons: list = field(default_factory=list)  # analytics.attention.Reason, filled by the caller
    settled: Ratio = field(default_factory=lambda: Ratio(0, 0))  # comments settled / comments
    off_track: int | None = None  # indicators off track (None: not known)

    @property
    def phase(self) -> str:
        return self.concept.phase if self.concept else ""

    @property
    def phase_label(self) -> str:
        return self.concept.get_phase_display() if self.concept else ""

    @property
    def phase_order(self) -> int:
        return list(Phase.values).index(self.concept.phase) if self.concept else -1

    @property
    def occupancy_shown(self) -> float | None:
        """Occupancy as a share, unless it would reveal an occupied-flat count hidden as "<5"."""
        occupied = self.pilots.occupied
        if self.suppress and 0 < occupied < SMALL_COUNT_THRESHOLD:
            return None
        return self.pilots.occupancy.share

    @property
    def attention(self) -> int:
        return len(self.reasons)


def latest_concepts(ids: Sequence[int]) -> dict[int, Concept]:
    """The newest concept of each municipality (one query)."""
    latest: dict[int, Concept] = {}
    for concept in Concept.objects.filter(municipality__in=ids).order_by("municipality_id", "-created_at", "-pk"):
        latest.setdefault(concept.municipality_id, concept)
    return latest


def evidence_shares(concepts: Iterable[Concept]) -> dict[int, Ratio]:
    """{concept pk: (measures linked to a finding, all measures)}, as ``concepts.stats.evidence_share``
    computes for one concept, for many concepts in one query."""
    ids = [c.pk for c in concepts]
    linked_finding = Section.findings.through.objects.filter(section_id=OuterRef("pk"))
    rows = (
        Section.objects.filter(concept__in=ids, kind=SectionKind.MEASURE)
        .values("concept_id")
        .annotate(total=Count("pk"), linked=Count("pk", filter=Exists(linked_finding)))
        .order_by()
    )
    result = {pk: Ratio(0, 0) for pk in ids}
    for row in rows:
        result[row["concept_id"]] = Ratio(row["linked"], row["total"])
    return result


def steering_cadences(ids: Sequence[int], now: datetime) -> dict[int, SteeringCadence]:
    return steering_cadence_many([Municipality(pk=pk) for pk in ids], now)


def composition_gaps(ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """{municipality pk: (active working groups, groups missing an obligatory category)} in two queries."""
    groups = list(Group.objects.filter(municipality__in=ids, kind=Group.Kind.WORKING, is_active=True))
    covers = covers_for(groups)
    result = dict.fromkeys(ids, (0, 0))
    for group in groups:
        total, gaps = result[group.municipality_id]
        result[group.municipality_id] = (total + 1, gaps + (not covers[group.pk].is_full))
    return result


def participative_shares(ids: Sequence[int], now: datetime) -> dict[int, tuple[Ratio, int]]:
    """{municipality pk: (participative/held meetings ever, participative held in the last 12 months)}.

    The same definition as ``workgroups.stats.participative_share``, for many municipalities in one query.
    """
    participative = Q(method__in=Method.participative())
    recent = participative & Q(starts_at__gte=now - timedelta(days=RECENT_MEETING_DAYS))
    rows = (
        held_meetings(now)
        .filter(group__municipality__in=ids)
        .values("group__municipality")
        .annotate(total=Count("pk"), part=Count("pk", filter=participative), recent=Count("pk", filter=recent))
        .order_by()
    )
    result = {pk: (Ratio(0, 0), 0) for pk in ids}
    for row in rows:
        result[row["group__municipality"]] = (Ratio(row["part"], row["total"]), row["recent"])
    return result


#: Rounds that are "current": open for comments, or closed and waiting for their settlement.
CURRENT_ROUND_STATUSES = (Round.Status.OPEN, Round.Status.CLOSED)


def round_figures(ids: Sequence[int], now: datetime) -> dict[int, tuple[int, int, Ratio]]:
    """{municipality pk: (open rounds, rounds awaiting settlement, responses in current rounds)} (two queries).

    A round's state is read off the clock (``Round.objects.with_state``): a scheduled round past its
    opening is open, past its deadline closed.
    """
    rounds = list(
        Round.objects.with_state(now).filter(municipality__in=ids, state__in=CURRENT_ROUND_STATUSES)
        .only("pk", "municipality", "status", "opens_at", "deadline")
    )
    rates = response_rates(rounds)
    result: dict[int, list] = {pk: [0, 0, 0, 0] for pk in ids}
    for r in rounds:
        figures = result[r.municipality_id]
        figures[0 if r.state == Round.Status.OPEN else 1] += 1
        invited, responded = rates.get(r.pk, (0, 0))
        figures[2] += responded
        figures[3] += invited
    return {pk: (f[0], f[1], Ratio(f[2], f[3])) for pk, f in result.items()}


def pilot_figures(ids: Sequence[int], today: date) -> dict[int, Pilots]:
    """{municipality pk: households housed vs target, flats occupied today vs capacity} (two queries).

    Housed: distinct households with a placement that started by today (the "served" indicator of
    ``pilots.indicators`` summed over programmes). Occupied: placements running today, as on the
    pilots' overview card.
    """
    result = {pk: Pilots() for pk in ids}
    for row in Programme.objects.filter(municipality__in=ids).values("municipality").annotate(
        n=Count("pk"), target=Sum("target_households"), capacity=Sum("capacity_flats")
    ).order_by():
        pilots = result[row["municipality"]]
        pilots.programmes, pilots.target, pilots.capacity = row["n"], row["target"] or 0, row["capacity"] or 0
    running = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    for row in Placement.objects.filter(programme__municipality__in=ids, move_in__lte=today).values(
        "programme__municipality"
    ).annotate(housed=Count("household", distinct=True), occupied=Count("pk", filter=running)).order_by():
        pilots = result[row["programme__municipality"]]
        pilots.housed, pilots.occupied = row["housed"], row["occupied"]
    return result


def dashboard_rows(user, municipalities: Iterable[Municipality], *, now: datetime | None = None) -> list[Row]:
    """A row per municipality, in the given order; a fixed number of queries. The reasons a
    municipality needs attention are added by ``analytics.attention`` (see ``analytics.dashboard``)."""
    now = now or timezone.now()
    municipalities = list(municipalities)
    ids = [m.pk for m in municipalities]
    concepts = latest_concepts(ids)
    evidence = evidence_shares(concepts.values())
    cadences = steering_cadences(ids, now)
    gaps = composition_gaps(ids)
    methods = participative_shares(ids, now)
    rounds = round_figures(ids, now)
    pilots = pilot_figures(ids, timezone.localdate(now))
    rows = []
    for m in municipalities:
        concept = concepts.get(m.pk)
        groups, with_gaps = gaps[m.pk]
        participative, recent = methods[m.pk]
        open_rounds, awaiting, responses = rounds[m.pk]
        row = Row(
            municipality=m, concept=concept, cadence=cadences[m.pk], groups=groups, groups_with_gaps=with_gaps,
            participative=participative, recent_participative=recent, open_rounds=open_rounds,
            awaiting_settlement=awaiting, responses=responses,
            evidence=evidence[concept.pk] if concept else Ratio(0, 0), pilots=pilots[m.pk],
            suppress=suppress_small_counts(user, m),
        )
        rows.append(row)
    return rows


# --- one municipality's rounds -----------------------------------------------------------------


@dataclass
class RoundLine:
    round: Round
    invited: int
    responded: int
    comments: int
    unsettled: int
    disputes: int

    @property
    def responses(self) -> Ratio:
        return Ratio(self.responded, self.invited)


def round_lines(rounds: Iterable[Round]) -> list[RoundLine]:
    """Response and settlement figures of each round (two queries, whatever the number of rounds)."""
    rounds = list(rounds)
    rates = response_rates(rounds)
    not_accepted = Q(kind=Comment.Kind.ESSENTIAL, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED)
    counts = {
        row["round_id"]: row
        for row in Comment.objects.filter(round__in=[r.pk for r in rounds]).active().values("round_id").annotate(
            n=Count("pk"), unsettled=Count("pk", filter=Q(settlement__isnull=True)), disputes=Count("pk", filter=not_accepted)
        ).order_by()
    }
    lines = []
    for r in rounds:
        invited, responded = rates.get(r.pk, (0, 0))
        c = counts.get(r.pk, {"n": 0, "unsettled": 0, "disputes": 0})
        lines.append(RoundLine(r, invited, responded, c["n"], c["unsettled"], c["disputes"]))
    return lines
