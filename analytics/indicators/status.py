"""The status rule: is a municipality's indicator on track, at risk or off track?

The latest approved value is compared with the straight path from the baseline to the target at
that value's date. The shortfall is measured as a share of the whole way from baseline to target:
within 10 % of the way (or ahead) is on track, within 25 % at risk, beyond that off track. An
official may override the status, giving a reason that is shown with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import Status

ON_TRACK_SHARE = Decimal("0.10")
AT_RISK_SHARE = Decimal("0.25")

def rule_text() -> str:
    """The rule in words, as the pages show it next to every status."""
    return _(
        "Status rule: the latest approved value is compared with the straight path from the baseline to the "
        "target at that value's date. The shortfall is counted as a share of the whole way from baseline to "
        "target: within %(on_track)s %% of the way, or ahead of the path, is on track; within %(at_risk)s %% is "
        "at risk; more is off track. Without a baseline, a target and an approved value there is no status. An "
        "official may set the status by hand, with a reason shown next to it."
    ) % {"on_track": int(ON_TRACK_SHARE * 100), "at_risk": int(AT_RISK_SHARE * 100)}


@dataclass(frozen=True)
class Point:
    value: Decimal
    on: date


@dataclass
class StatusResult:
    status: str | None  # a Status value, or None (no status)
    computed: str | None
    expected: Decimal | None = None
    actual: Decimal | None = None
    shortfall: Decimal | None = None  # share of the way, positive = behind the path
    overridden: bool = False
    reason: str = ""

    @property
    def label(self) -> str:
        return Status(self.status).label if self.status else _("no status")

    @property
    def computed_label(self) -> str:
        return Status(self.computed).label if self.computed else _("no status")

    @property
    def is_off_track(self) -> bool:
        return self.status == Status.OFF_TRACK

    @property
    def is_at_risk(self) -> bool:
        return self.status == Status.AT_RISK

    @property
    def is_on_track(self) -> bool:
        return self.status == Status.ON_TRACK

    @property
    def shortfall_percent(self) -> int | None:
        return None if self.shortfall is None else round(100 * self.shortfall)


def expected_on(baseline: Point, target: Point, day: date) -> Decimal:
    """The straight path from baseline to target, at ``day`` (held at the ends outside them)."""
    span = (target.on - baseline.on).days
    if span <= 0:
        return target.value
    elapsed = min(max((day - baseline.on).days, 0), span)
    return baseline.value + (target.value - baseline.value) * Decimal(elapsed) / Decimal(span)


def classify(shortfall: Decimal) -> str:
    if shortfall <= ON_TRACK_SHARE:
        return Status.ON_TRACK
    if shortfall <= AT_RISK_SHARE:
        return Status.AT_RISK
    return Status.OFF_TRACK


def compute_status(
    *, baseline: Point | None, target: Point | None, latest: Point | None, up_is_good: bool = True,
    override: str = "", reason: str = "",
) -> StatusResult:
    computed = expected = shortfall = None
    if baseline and target and latest:
        expected = expected_on(baseline, target, latest.on)
        way = target.value - baseline.value
        if way != 0:
            # Behind the path means short of it in the direction of the target.
            shortfall = (expected - latest.value) / way
        else:
            # Keeping a level: any step to the wrong side counts as the whole way.
            worse = latest.value < target.value if up_is_good else latest.value > target.value
            shortfall = Decimal(1) if worse else Decimal(0)
        computed = classify(shortfall)
    if override:
        return StatusResult(override, computed, expected, latest.value if latest else None, shortfall, True, reason)
    return StatusResult(computed, computed, expected, latest.value if latest else None, shortfall)
