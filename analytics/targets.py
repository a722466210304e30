"""The agency's five targets (seed 004), all computed from the portal's own data.

Each target states its numerator, its denominator, the rule in words, a drill-down line per
municipality (or per conference) with the reason it is counted or not, whether it is met, and
its trend by quarter from the stored snapshots (``analytics.snapshots``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .agency.facts import GOOD_PRACTICE_HOURS, evidence_threshold_percent, participative_window_days
from .agency.scope import AgencyData
from .selectors import Ratio

CONFERENCES_GOAL = 2


@dataclass
class Line:
    """One municipality (or conference) in a target's drill-down."""

    name: str
    slug: str
    in_denominator: bool
    counted: bool
    reason: str
    key: int | None = None  # municipality id (conference id for target 4)


@dataclass
class Target:
    key: str
    number: int
    label: str
    definition: str
    part: int
    total: int
    lines: list[Line] = field(default_factory=list)
    goal_percent: int | None = None
    goal_count: int | None = None
    trend: list[tuple[str, Ratio]] = field(default_factory=list)
    line_count: int = 0  # the drill-down's length when ``lines`` were left out (:meth:`without_lines`)

    def without_lines(self) -> Target:
        """The figures without the drill-down (what the dashboard keeps for a whole scope; the
        drill-down is on the targets page)."""
        return replace(self, lines=[], line_count=len(self.lines))

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.part, self.total)

    @property
    def measured(self) -> bool:
        return True

    @property
    def goal_text(self) -> str:
        if self.goal_count is not None:
            return _("at least %(n)s") % {"n": self.goal_count}
        return f"≥ {self.goal_percent} %"

    @property
    def met(self) -> bool | None:
        if self.goal_count is not None:
            return self.part >= self.goal_count
        if self.total == 0:
            return None
        return 100 * self.part >= self.goal_percent * self.total

    @property
    def counted_lines(self) -> list[Line]:
        return [x for x in self.lines if x.counted]

    @property
    def not_counted_lines(self) -> list[Line]:
        return [x for x in self.lines if not x.counted]


def _date(d) -> str:
    return formats.date_format(d, "j. n. Y")


def _hours(h) -> str:
    return formats.number_format(h, decimal_pos=1 if h % 1 else 0)


def competence(data: AgencyData) -> Target:
    lines = []
    for m in data.municipalities:
        facts = data.coops[m.pk]
        if facts.cooperation is None:
            lines.append(Line(m.name, m.slug, False, False, _("no cooperation description"), m.pk))
            continue
        crit = facts.competence
        if not crit:
            lines.append(Line(m.name, m.slug, True, False, _("no competence criterion agreed"), m.pk))
            continue
        if any(c.t0 is None for c in crit):
            lines.append(Line(m.name, m.slug, True, False, _("a competence criterion has no t0 score"), m.pk))
            continue
        later = [c for c in crit if c.latest is not None]
        if not later:
            lines.append(Line(m.name, m.slug, True, False, _("not scored since t0"), m.pk))
            continue
        moves = "; ".join(f"{c.criterion.title}: {c.t0} → {c.latest.level}" for c in later)
        improved = any(c.latest.level > c.t0 for c in later) and all(c.latest.level >= c.t0 for c in later)
        reason = (_("improved (%(moves)s)") if improved else _("not improved (%(moves)s)")) % {"moves": moves}
        lines.append(Line(m.name, m.slug, True, improved, reason, m.pk))
    return Target(
        "competence", 1, _("Municipalities raise their competence in coordinating services"),
        _("Numerator: municipalities whose competence criteria improved from t0 to the latest score (midway or "
          "t24): at least one rose and none fell. Denominator: municipalities with a cooperation description."),
        sum(x.counted for x in lines), sum(x.in_denominator for x in lines), lines, goal_percent=75,
    )


def participative(data: AgencyData) -> Target:
    days = participative_window_days()
    lines = []
    for m in data.municipalities:
        own = data.own_meetings[m.pk]
        if own.without_consultant:
            reason = ngettext("%(n)s participative meeting without a consultant, latest on %(d)s",
                              "%(n)s participative meetings without a consultant, latest on %(d)s",
                              own.without_consultant) % {"n": own.without_consultant, "d": _date(timezone.localdate(own.latest))}
        elif own.participative:
            reason = _("participative meetings only with a consultant present (%(n)s)") % {"n": own.participative}
        else:
            reason = _("no participative meeting in the last %(days)s days") % {"days": days}
        lines.append(Line(m.name, m.slug, True, own.without_consultant > 0, reason, m.pk))
    return Target(
        "participative", 2, _("Municipalities apply participative methods on their own"),
        _("Numerator: municipalities whose groups held at least one meeting in the last %(days)s days with a "
          "participative method (anything but plain discussion) at which no consultant was present, as the "
          "attendance shows. Denominator: all municipalities shown.") % {"days": days},
        sum(x.counted for x in lines), len(lines), lines, goal_percent=30,
    )


def evidence(data: AgencyData) -> Target:
    threshold = evidence_threshold_percent()
    lines = []
    for m in data.municipalities:
        row = data.rows[m.pk]
        ev = row.evidence
        if row.concept is None or ev.total == 0:
            lines.append(Line(m.name, m.slug, False, False, _("no planning document with measures"), m.pk))
            continue
        ok = 100 * ev.part >= threshold * ev.total
        reason = _("%(part)s of %(total)s measures linked to findings (%(pct)s %%)") % {
            "part": ev.part, "total": ev.total, "pct": ev.percent}
        lines.append(Line(m.name, m.slug, True, ok, reason, m.pk))
    return Target(
        "evidence", 3, _("Planning documents reference analytical findings"),
        _("Numerator: documents in which at least %(threshold)s %% of the measures are linked to an analytical "
          "finding. Denominator: the newest concept of each municipality shown that has at least one measure.")
        % {"threshold": threshold},
        sum(x.counted for x in lines), sum(x.in_denominator for x in lines), lines, goal_percent=60,
    )


def conferences(data: AgencyData) -> Target:
    lines = []
    for event in data.conferences:
        missing = [label for value, label in (
            (event.central_bodies, _("central bodies")), (event.data_presented, _("data presented")),
            (event.proposals, _("proposals"))) if not value.strip()]
        reason = (_("%(d)s: data and proposals passed on") % {"d": _date(event.held_on)} if not missing
                  else _("%(d)s: missing %(what)s") % {"d": _date(event.held_on), "what": ", ".join(missing)})
        lines.append(Line(event.title, "", True, not missing, reason, event.pk))
    return Target(
        "conferences", 4, _("Conferences passing data and proposals to central government"),
        _("Numerator: conferences toward central government held so far that record the central bodies addressed, "
          "the data presented and the proposals made. Denominator: conferences toward central government held "
          "so far that people from the municipalities shown attended."),
        sum(x.counted for x in lines), len(lines), lines, goal_count=CONFERENCES_GOAL,
    )


def good_practice(data: AgencyData) -> Target:
    lines = []
    for m in data.municipalities:
        hours = data.hours[m.pk]
        if hours is None:
            reason = (_("no cooperation description") if data.coops[m.pk].cooperation is None
                      else _("no inclusion manager named"))
            lines.append(Line(m.name, m.slug, False, False, reason, m.pk))
            continue
        ok = hours.hours >= GOOD_PRACTICE_HOURS
        reason = ngettext("%(name)s: %(h)s h of %(goal)s h at %(n)s event", "%(name)s: %(h)s h of %(goal)s h at %(n)s events",
                          hours.events) % {
            "name": hours.name, "h": _hours(hours.hours), "goal": GOOD_PRACTICE_HOURS, "n": hours.events}
        lines.append(Line(m.name, m.slug, True, ok, reason, m.pk))
    return Target(
        "good_practice", 5, _("Inclusion managers attend good-practice transfer (at least 14 hours)"),
        _("Numerator: inclusion managers who attended at least 14 hours of the social inclusion forum, workshops "
          "and conferences within their cooperation period (part attendance counts the hours attended). "
          "Denominator: inclusion managers named in the cooperation descriptions."),
        sum(x.counted for x in lines), sum(x.in_denominator for x in lines), lines, goal_percent=75,
    )


def agency_targets(data: AgencyData, *, trend: bool = True) -> list[Target]:
    """The five expected changes in the seed's order, over the municipalities of ``data``."""
    targets = [competence(data), participative(data), evidence(data), conferences(data), good_practice(data)]
    if trend:
        from .snapshots import trend_for

        trends = trend_for(data.ids)
        for t in targets:
            t.trend = trends.get(t.key, [])
    return targets
