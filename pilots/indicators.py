"""Outcome indicators of a pilot programme, per programme and per cohort.

Every indicator carries its numerator, denominator and a definition in words, so that the
methodologist, the council and the agency can check how a figure came about. The whole set is
computed from five queries whatever the number of households, in plain Python over the rows.

Conventions (stated again in each definition):

* A household's *episode* in a programme starts with its first placement there.
* Deceased households (an exit with reason "death" or destination "deceased") are left out of
  every household-based denominator: death is not a programme outcome.
* Windows are complete: retention at N months counts only households housed at least N months
  before the reference date, so young cohorts are not counted as successes or failures early.
* Periods are half-open: a placement occupies ``[move_in, ended_on)``.
* Progression is measured against the programme's own planned support length
  (``Programme.support_months``) plus a grace period of :data:`PROGRESSION_GRACE_DAYS` days, in
  calendar months, so that a move up exactly at the planned end counts whatever the months' length.

Small numbers, for readers outside the municipality (the consultant, members, the public and the
external evaluation): counts from 1 to 4 are hidden ("<5"), and so is every further figure from which
a hidden count could be worked out by adding or subtracting the figures shown together in one page,
export or report (secondary suppression: a programme figure is the sum of its cohorts' figures, a
denominator is its numerator plus the rest); a share is shown only when both its counts are; "as of"
is a completed month end (``pilots.access.as_of_for``); flats are counted by district, without
addresses. Limits: the check is exact for sums and differences, not for bounds or rounded shares,
and figures of different pages or months are not checked against each other. The algorithm and the
full statement are in ``pilots/suppression.py``; the page shows the rule
(``templates/pilots/partials/suppression_rule.html``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Exit, Flat, Placement, PlanReview, Programme, RentCharge, SupportContact, add_months
from .returns import load_returns, returns_after_exit

RETENTION_MONTHS = (6, 12, 20, 24)
PROGRESSION_GRACE_DAYS = 30
DAYS_PER_YEAR = Decimal("365.25")
DAYS_PER_MONTH = Decimal("30.4375")


@dataclass
class Indicator:
    key: str
    label: str
    definition: str
    unit: str  # percent | ratio | rate | days | number
    numerator: float | int | None = None
    denominator: float | int | None = None
    value: float | None = None
    # Whether numerator/denominator count households or events (then small counts are hidden).
    counts: tuple[bool, bool] = field(default=(True, True))
    # Another indicator whose denominator counts the same households (for secondary suppression).
    same_denominator_as: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Indicator:
        data = dict(data)
        data["counts"] = tuple(data.get("counts", (True, True)))
        data.setdefault("same_denominator_as", "")
        return cls(**data)

    def shown(self, *, suppress: bool) -> dict:
        """This indicator alone as a one-row table (see :func:`shown_tables`)."""
        row = shown_tables([("", [self])], suppress=suppress)[0][1][0]
        return {k: row[k] for k in ("numerator", "denominator", "value")}

    def complement(self) -> int | None:
        if not all(self.counts) or self.numerator is None or self.denominator is None:
            return None
        return int(self.denominator) - int(self.numerator)


def _number(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u00a0").replace(".", ",")


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return f"{_number(value * 100, 1)} %"
    if unit == "days":
        return _("%(n)s days") % {"n": _number(value, 0)}
    if unit == "rate":
        return _number(value, 3)
    return _number(value, 2)


def _ratio(numerator, denominator) -> float | None:
    if not denominator:
        return None
    return float(numerator) / float(denominator)


def _days(start: date, end: date | None, period_start: date, period_end: date) -> int:
    """Days of ``[start, end)`` inside ``[period_start, period_end)``; ``end=None`` is open."""
    lo = max(start, period_start)
    hi = min(end or period_end, period_end)
    return max(0, (hi - lo).days)


@dataclass
class _Episode:
    household_id: int
    cohort: int | None
    accepted_on: date | None
    placements: list[Placement]

    @property
    def first(self) -> Placement:
        return self.placements[0]

    @property
    def start(self) -> date:
        return self.first.move_in

    @property
    def deceased(self) -> bool:
        return any(_exit(p) is not None and _exit(p).is_deceased for p in self.placements)

    def housed_at(self, day: date) -> bool:
        return any(p.move_in <= day and (p.ended_on is None or p.ended_on > day) for p in self.placements)

    def last_exit_before(self, day: date) -> Exit | None:
        exits = [_exit(p) for p in self.placements if _exit(p) is not None and _exit(p).exit_date <= day]
        return max(exits, key=lambda e: e.exit_date) if exits else None


def _exit(placement: Placement) -> Exit | None:
    try:
        return placement.exit
    except Exit.DoesNotExist:
        return None


class ProgrammeData:
    """The rows of one programme, loaded once, from which every indicator is computed."""

    def __init__(self, programme: Programme, as_of: date):
        self.programme, self.as_of = programme, as_of
        self.period_end = as_of + timedelta(days=1)
        if programme.end_date and programme.end_date < as_of:
            self.period_end = programme.end_date + timedelta(days=1)
        placements = list(
            Placement.objects.filter(programme=programme, move_in__lte=as_of)
            .select_related("exit", "referral", "next")
            .order_by("move_in", "pk")
        )
        by_household: dict[int, list[Placement]] = defaultdict(list)
        for placement in placements:
            by_household[placement.household_id].append(placement)
        self.episodes = [
            _Episode(hid, ps[0].referral.cohort, ps[0].referral.decided_on, ps) for hid, ps in by_household.items()
        ]
        self.flats = list(Flat.objects.filter(programme=programme).values("pk", "available_from", "available_to"))
        self.ledger = {
            row["placement"]: row
            for row in RentCharge.objects.filter(placement__programme=programme, month__lte=as_of)
            .values("placement")
            .annotate(due=Sum("due"), paid=Sum("paid"))
        }
        self.contacts = {
            row["household"]: row
            for row in SupportContact.objects.filter(programme=programme, date__lte=as_of)
            .values("household")
            .annotate(n=Count("pk"), minutes=Sum("minutes"))
        }
        self.returns = load_returns([e.household_id for e in self.episodes], as_of)
        self.reviews = list(
            PlanReview.objects.filter(plan__programme=programme, due_on__lte=as_of).values(
                "plan__household", "due_on", "done_on"
            )
        )

    def episodes_for(self, cohort: int | None) -> list[_Episode]:
        if cohort is None:
            return self.episodes
        return [e for e in self.episodes if e.cohort == cohort]


def compute(programme: Programme, *, cohort: int | None = None, as_of: date | None = None,
            data: ProgrammeData | None = None) -> list[Indicator]:
    """All indicators for the programme (``cohort=None``) or one of its cohorts."""
    as_of = as_of or timezone.localdate()
    data = data or ProgrammeData(programme, as_of)
    episodes = data.episodes_for(cohort)
    living = [e for e in episodes if not e.deceased]
    result = [_served(programme, episodes, cohort)]
    if cohort is None:
        result.append(_utilisation(data))
    result += [_retention(living, months, as_of, strict) for months in RETENTION_MONTHS for strict in (False, True)]
    result += [
        _permanent_exits(living, as_of),
        *_progression(programme, living, as_of),
        *returns_after_exit(living, data),
        _eviction_rate(living, data),
        *_arrears(living, data),
        _acceptance_to_move_in(living),
        *_support(living, data),
        _reviews_on_time(living, data),
    ]
    return result


def compute_by_cohort(programme: Programme, *, as_of: date | None = None) -> dict:
    """``{"all": [...], "cohorts": {1: [...], 2: [...]}}`` from one load of the data."""
    as_of = as_of or timezone.localdate()
    data = ProgrammeData(programme, as_of)
    cohorts = sorted({e.cohort for e in data.episodes if e.cohort is not None})
    return {
        "all": compute(programme, as_of=as_of, data=data),
        "cohorts": {c: compute(programme, cohort=c, as_of=as_of, data=data) for c in cohorts},
    }


def cached_by_cohort(programme: Programme, *, as_of: date | None = None):
    """:func:`compute_by_cohort` from the aggregates cache (portal/aggregates.py): an ``Entry``
    whose ``value`` it is and ``computed_at`` when; recomputed after a service changes the
    programme's municipality."""
    from portal import aggregates

    as_of = as_of or timezone.localdate()
    return aggregates.cached("programme-indicators", programme.municipality_id,
                             lambda: compute_by_cohort(programme, as_of=as_of), parts=(programme.pk, as_of.isoformat()))


def _served(programme: Programme, episodes: list[_Episode], cohort: int | None) -> Indicator:
    target = programme.cohort_size if cohort is not None else programme.target_households
    return Indicator(
        "served", _("Households served against target"),
        _("Households housed in the programme (numerator) against the target number of households "
          "(the cohort size for a cohort)."),
        "percent", len(episodes), target, _ratio(len(episodes), target),
        counts=(True, False),  # the target is a setting, not a count of households
    )


def _utilisation(data: ProgrammeData) -> Indicator:
    start, end = data.programme.start_date, data.period_end
    available = sum(_days(f["available_from"], f["available_to"], start, end) for f in data.flats)
    windows = {f["pk"]: (f["available_from"], f["available_to"]) for f in data.flats}
    occupied = 0
    for episode in data.episodes:
        for p in episode.placements:
            lo, hi = windows.get(p.flat_id, (p.move_in, p.ended_on))
            occupied += _days(max(p.move_in, lo), min(filter(None, (p.ended_on, hi)), default=None), start, end)
    return Indicator(
        "utilisation", _("Unit utilisation"),
        _("Occupied flat-days divided by available flat-days: the days each of the programme's flats was "
          "in the programme, from the programme start to the reference date."),
        "percent", occupied, available, _ratio(occupied, available), counts=(False, False),
    )


def _retention(living: list[_Episode], months: int, as_of: date, strict: bool) -> Indicator:
    eligible = [e for e in living if add_months(e.start, months) <= as_of]
    retained = 0
    for e in eligible:
        horizon = add_months(e.start, months)
        if strict:
            first = e.first
            retained += first.ended_on is None or first.ended_on > horizon
            continue
        last = e.last_exit_before(horizon)
        retained += e.housed_at(horizon) or (last is not None and last.destination == Exit.Destination.PERMANENT)
    if strict:
        label = _("Retention at %(n)s months, same flat") % {"n": months}
        definition = _(
            "Households still living in the flat of their first placement %(n)s months after moving in, "
            "out of all households housed at least %(n)s months before the reference date (deceased excluded)."
        ) % {"n": months}
    else:
        label = _("Retention at %(n)s months") % {"n": months}
        definition = _(
            "Households still housed in the programme %(n)s months after moving in, or that left it for a "
            "permanent destination before then, out of all households housed at least %(n)s months before "
            "the reference date (deceased excluded)."
        ) % {"n": months}
    key = f"retention_{months}{'_strict' if strict else ''}"
    return Indicator(key, label, definition, "percent", retained, len(eligible), _ratio(retained, len(eligible)),
                     same_denominator_as=f"retention_{months}" if strict else "")


def _permanent_exits(living: list[_Episode], as_of: date) -> Indicator:
    exits = [x for e in living for p in e.placements if (x := _exit(p)) is not None and x.exit_date <= as_of]
    permanent = sum(x.destination == Exit.Destination.PERMANENT for x in exits)
    return Indicator(
        "permanent_exits", _("Exits to permanent destinations"),
        _("Exits to permanent housing (including moves up to the next programme) out of all exits "
          "(deceased excluded)."),
        "percent", permanent, len(exits), _ratio(permanent, len(exits)),
    )


def progression_deadline(programme: Programme, start: date) -> date:
    """The last day a move up counts as progression within the planned support: the planned
    support length in calendar months, plus the grace period."""
    return add_months(start, programme.support_months) + timedelta(days=PROGRESSION_GRACE_DAYS)


def _progression_day(e: _Episode, as_of: date) -> date | None:
    """The day the household moved up: the move-in at the next programme, else the exit date."""
    for p in e.placements:
        x = _exit(p)
        if x is None or x.reason != Exit.Reason.MOVED_UP or x.exit_date > as_of:
            continue
        following = getattr(p, "next", None) if hasattr(p, "next") else None
        return following.move_in if following is not None and following.move_in <= as_of else x.exit_date
    return None


def _progression(programme: Programme, living: list[_Episode], as_of: date) -> list[Indicator]:
    eligible = [e for e in living if progression_deadline(programme, e.start) <= as_of]
    within = sum(
        (day := _progression_day(e, as_of)) is not None and day <= progression_deadline(programme, e.start) for e in eligible
    )
    all_days = [(day - e.start).days for e in living if (day := _progression_day(e, as_of)) is not None]
    words = {"m": programme.support_months, "g": PROGRESSION_GRACE_DAYS}
    return [
        Indicator(
            "progression", _("Progression within the planned support (%(m)s months + %(g)s days)") % words,
            _("Households that moved up (crisis → social → affordable → standard housing) by the end of the "
              "programme's planned support of %(m)s calendar months after moving in plus a grace period of "
              "%(g)s days, out of the households whose planned support and grace period had ended by the "
              "reference date (deceased excluded).") % words,
            "percent", within, len(eligible), _ratio(within, len(eligible)),
        ),
        Indicator(
            "progression_median_days", _("Median days to progression"),
            _("Median number of days from moving in to moving up, over the households that moved up "
              "(the denominator)."),
            "days", None, len(all_days), float(statistics.median(all_days)) if all_days else None,
        ),
    ]


def _exposure_days(living: list[_Episode], data: ProgrammeData) -> int:
    start = min((e.start for e in living), default=data.as_of)
    return sum(_days(p.move_in, p.ended_on, start, data.period_end) for e in living for p in e.placements)


def _eviction_rate(living: list[_Episode], data: ProgrammeData) -> Indicator:
    evictions = sum(
        1 for e in living for p in e.placements
        if (x := _exit(p)) is not None and x.reason in Exit.EVICTION_REASONS and x.exit_date <= data.as_of
    )
    years = Decimal(_exposure_days(living, data)) / DAYS_PER_YEAR
    return Indicator(
        "eviction_rate", _("Evictions per household-year"),
        _("Exits after notice for non-payment or for breach of the contract, divided by the household-years "
          "lived in the programme's flats up to the reference date (deceased excluded)."),
        "rate", evictions, round(float(years), 2), _ratio(evictions, years), counts=(True, False),
    )


def _arrears(living: list[_Episode], data: ProgrammeData) -> list[Indicator]:
    tenancies = [(p, data.ledger[p.pk]) for e in living for p in e.placements if p.pk in data.ledger]
    owed = [(p, max(Decimal(0), row["due"] - row["paid"])) for p, row in tenancies]
    free = sum(amount == 0 for _p, amount in owed)
    in_months = [float(amount / p.monthly_rent) for p, amount in owed if p.monthly_rent > 0]
    return [
        Indicator(
            "arrears_free", _("Tenancies free of arrears"),
            _("Tenancies whose rent ledger shows everything due up to the reference date paid, out of all "
              "tenancies with a ledger (deceased excluded)."),
            "percent", free, len(owed), _ratio(free, len(owed)),
        ),
        Indicator(
            "arrears_months", _("Mean arrears in months of rent"),
            _("Unpaid rent of each tenancy divided by its monthly rent, averaged over the tenancies with a ledger "
              "(the numerator is the sum of months owed)."),
            "number", round(sum(in_months), 4), len(in_months), _ratio(sum(in_months), len(in_months)),
            counts=(False, True),
        ),
    ]


def _acceptance_to_move_in(living: list[_Episode]) -> Indicator:
    days = [(e.start - e.accepted_on).days for e in living if e.accepted_on]
    return Indicator(
        "acceptance_to_move_in", _("Median days from acceptance to move-in"),
        _("Median number of days between the decision to accept a household and its move-in, over the "
          "households housed (the denominator)."),
        "days", None, len(days), float(statistics.median(days)) if days else None,
    )


def _support(living: list[_Episode], data: ProgrammeData) -> list[Indicator]:
    months = float(Decimal(_exposure_days(living, data)) / DAYS_PER_MONTH)
    rows = [data.contacts[e.household_id] for e in living if e.household_id in data.contacts]
    contacts = sum(r["n"] for r in rows)
    hours = sum(r["minutes"] for r in rows) / 60
    months_shown = round(months, 1)
    return [
        Indicator(
            "contacts_per_month", _("Support contacts per household-month"),
            _("Support contacts recorded up to the reference date, divided by the household-months lived in "
              "the programme's flats (deceased excluded)."),
            "number", contacts, months_shown, _ratio(contacts, months), counts=(True, False),
        ),
        Indicator(
            "hours_per_month", _("Support hours per household-month"),
            _("Hours of support contacts divided by the household-months lived in the programme's flats."),
            "number", round(hours, 1), months_shown, _ratio(hours, months), counts=(False, False),
        ),
    ]


def _reviews_on_time(living: list[_Episode], data: ProgrammeData) -> Indicator:
    households = {e.household_id for e in living}
    due = [r for r in data.reviews if r["plan__household"] in households]
    on_time = sum(r["done_on"] is not None and r["done_on"] <= r["due_on"] for r in due)
    return Indicator(
        "reviews_on_time", _("Support plans reviewed on time"),
        _("Plan reviews done on or before their due date, out of all reviews due up to the reference date."),
        "percent", on_time, len(due), _ratio(on_time, len(due)),
    )


HIDDEN_SMALL = "<5"


def hidden_text() -> str:
    return _("hidden")


def shown_tables(tables: list[tuple[str, list[Indicator]]], *, suppress: bool) -> list[tuple[str, list[dict]]]:
    """The tables of one page, export or report as text, suppressed together when ``suppress``.

    Each row: ``indicator``, ``numerator``, ``denominator``, ``value`` (text) and ``hidden``
    (the share is hidden). ``tables[0]`` is the whole programme, the others its cohorts: the
    programme figure is the sum of the cohorts' figures. See ``pilots/suppression.py``."""
    from .suppression import suppress as run

    primary: set = set()
    secondary: set = set()
    if suppress:
        cells, relations, virtual = {}, [], set()
        keys = [i.key for i in tables[0][1]] if tables else []
        for t, (_title, items) in enumerate(tables):
            for i in items:
                if i.counts[0] and i.numerator is not None:
                    cells[(t, i.key, "N")] = int(i.numerator)
                if i.counts[1] and i.denominator is not None:
                    cells[(t, i.key, "D")] = int(i.denominator)
                if (k := i.complement()) is not None:
                    cells[(t, i.key, "K")] = k
                    virtual.add((t, i.key, "K"))
                    relations.append(((t, i.key, "D"), [(t, i.key, "N"), (t, i.key, "K")]))
                if i.same_denominator_as:
                    relations.append(((t, i.key, "D"), [(t, i.same_denominator_as, "D")]))
        for key in keys:
            for role in ("N", "D", "K"):
                if (0, key, role) in cells:
                    parts = [(t, key, role) for t in range(1, len(tables)) if (t, key, role) in cells]
                    if parts:
                        relations.append(((0, key, role), parts))
        primary, secondary = run(cells, relations, virtual=virtual)

    def text(t, i, role, n, is_count):
        if n is None:
            return "–"
        if (t, i.key, role) in primary:
            return HIDDEN_SMALL
        if (t, i.key, role) in secondary:
            return hidden_text()
        return str(int(n)) if is_count else _number(n, 0 if isinstance(n, int) else 1)

    result = []
    for t, (title, items) in enumerate(tables):
        rows = []
        for i in items:
            hidden = any((t, i.key, role) in primary | secondary for role in ("N", "D"))
            rows.append({
                "indicator": i, "hidden": hidden and i.value is not None,
                "numerator": text(t, i, "N", i.numerator, i.counts[0]),
                "denominator": text(t, i, "D", i.denominator, i.counts[1]),
                "value": hidden_text() if hidden and i.value is not None else format_value(i.value, i.unit),
            })
        result.append((title, rows))
    return result


def scoped_tables(by_cohort: dict) -> list[tuple[str, list[Indicator]]]:
    """``compute_by_cohort`` (or a snapshot's lists, as dicts) as titled tables: all, then cohorts."""
    def items(values):
        return [v if isinstance(v, Indicator) else Indicator.from_dict(v) for v in values]

    return [(_("All cohorts"), items(by_cohort["all"]))] + [
        (_("Cohort %(n)s") % {"n": c}, items(values)) for c, values in by_cohort["cohorts"].items()
    ]


def snapshot(programme: Programme, *, as_of: date) -> dict:
    """The frozen figures of an evaluation report: plain JSON, never recomputed afterwards. Both
    versions of the report (internal and external) are rendered from it."""
    from .reports import fidelity_trend

    by_cohort = compute_by_cohort(programme, as_of=as_of)
    return {
        "as_of": as_of.isoformat(),
        "programme": {
            "name": programme.name, "kind": programme.kind, "capacity_flats": programme.capacity_flats,
            "target_households": programme.target_households, "cohort_count": programme.cohort_count,
            "cohort_size": programme.cohort_size, "support_months": programme.support_months,
        },
        "all": [i.as_dict() for i in by_cohort["all"]],
        "cohorts": {str(c): [i.as_dict() for i in items] for c, items in by_cohort["cohorts"].items()},
        "fidelity": fidelity_trend(programme, as_of),
    }
