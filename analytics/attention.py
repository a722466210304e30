""""Needs attention": one function, stated rules, reasons in words.

:func:`attention_for_many` is the only place the rules live. The consultant dashboard, the
municipality's analytics page and the home page all call it, so they always give the same reasons.
The thresholds are settings (``ANALYTICS_ATTENTION``, merged over :data:`DEFAULT_RULES`); a rule is
switched off by listing its code in ``ANALYTICS_ATTENTION["disabled"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import Municipality

from .agency.scope import AgencyData, agency_data

DEFAULT_RULES = {
    "steering_days": 45,  # the steering team has not met for more than this
    "settlement_days": 30,  # a closed round waits for its settlement longer than this
    "occupancy_min_percent": 50,  # pilot occupancy under this share of the flats
    "inactivity_days": 60,  # nothing at all recorded for this long
    "end_near_days": 60,  # the cooperation ends within this many days…
    "disabled": [],  # …while a criterion has no t24 score
}

#: Every rule's code, in the order reasons are listed.
RULE_CODES = (
    "no_working_group", "steering_overdue", "composition_gaps", "settlement_overdue", "indicator_off_track",
    "period_overdue", "pilot_occupancy", "pilot_no_social_worker", "pilot_reviews_overdue", "inactive",
    "end_near_unscored",
)


def rules() -> dict:
    return {**DEFAULT_RULES, **getattr(settings, "ANALYTICS_ATTENTION", {})}


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    url: str
    level: str = "warning"  # or "danger"


def _reasons(data: AgencyData, m: Municipality, cfg: dict) -> list[Reason]:
    row = data.rows[m.pk]
    slug = m.slug
    groups_url = reverse("workgroups:group_list", args=[slug])
    out: list[Reason] = []
    if row.groups == 0:
        out.append(Reason("no_working_group", _("No working group has been set up."), groups_url, "danger"))
    c = row.cadence
    if c.group is not None and (c.days_since is None or c.days_since > cfg["steering_days"]):
        text = (_("The steering team has never met.") if c.days_since is None else
                _("The steering team has not met for %(n)s days (more than %(limit)s).") % {
                    "n": c.days_since, "limit": cfg["steering_days"]})
        out.append(Reason("steering_overdue", text, groups_url, "danger"))
    if row.groups_with_gaps:
        out.append(Reason("composition_gaps", ngettext(
            "%(n)s working group misses an obligatory stakeholder category.",
            "%(n)s working groups miss an obligatory stakeholder category.", row.groups_with_gaps)
            % {"n": row.groups_with_gaps}, groups_url))
    if n := data.overdue_settlements[m.pk]:
        out.append(Reason("settlement_overdue", ngettext(
            "%(n)s closed round has waited for its settlement more than %(days)s days.",
            "%(n)s closed rounds have waited for their settlement more than %(days)s days.", n)
            % {"n": n, "days": cfg["settlement_days"]}, reverse("rounds:round_list", args=[slug]), "danger"))
    ind = data.indicators[m.pk]
    if ind["off_track"]:
        out.append(Reason("indicator_off_track", ngettext(
            "%(n)s indicator is off track.", "%(n)s indicators are off track.", ind["off_track"])
            % {"n": ind["off_track"]}, _indicators_url(slug)))
    if ind["overdue_periods"]:
        out.append(Reason("period_overdue", ngettext(
            "%(n)s period is overdue for data entry.", "%(n)s periods are overdue for data entry.",
            ind["overdue_periods"]) % {"n": ind["overdue_periods"]}, _indicators_url(slug)))
    pilots_url = reverse("pilots:programme_list", args=[slug])
    p = row.pilots
    if p.capacity and 100 * p.occupied < cfg["occupancy_min_percent"] * p.capacity:
        out.append(Reason("pilot_occupancy", _("Pilot flats are occupied under %(pct)s %%.") % {
            "pct": cfg["occupancy_min_percent"]}, pilots_url))
    no_worker, reviews = data.pilot_problems[m.pk]
    if no_worker:
        out.append(Reason("pilot_no_social_worker", ngettext(
            "%(n)s pilot programme has no social worker.", "%(n)s pilot programmes have no social worker.", no_worker)
            % {"n": no_worker}, pilots_url, "danger"))
    if reviews:
        out.append(Reason("pilot_reviews_overdue", ngettext(
            "%(n)s support plan review is overdue.", "%(n)s support plan reviews are overdue.", reviews)
            % {"n": reviews}, pilots_url))
    last = data.last_activity[m.pk]
    if last is None or (data.today - last).days > cfg["inactivity_days"]:
        text = (_("No activity recorded in the portal at all (over %(days)s days).") % {"days": cfg["inactivity_days"]}
                if last is None else _("No activity for %(n)s days (since %(d)s).") % {
                    "n": (data.today - last).days, "d": formats.date_format(last, "j. n. Y")})
        out.append(Reason("inactive", text, reverse("municipality_detail", args=[slug]), "danger"))
    coop = data.coops[m.pk]
    if coop.cooperation is not None and coop.cooperation.planned_end_on <= data.today + timedelta(days=cfg["end_near_days"]):
        unscored = [c for c in coop.criteria if c.t24 is None]
        if unscored:
            out.append(Reason("end_near_unscored", ngettext(
                "The cooperation ends on %(d)s and %(n)s criterion has no t24 score.",
                "The cooperation ends on %(d)s and %(n)s criteria have no t24 score.", len(unscored))
                % {"d": formats.date_format(coop.cooperation.planned_end_on, "j. n. Y"), "n": len(unscored)},
                reverse("analytics:cooperation", args=[slug]), "danger"))
    disabled = set(cfg.get("disabled", []))
    return [r for r in out if r.code not in disabled]


def _indicators_url(slug: str) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("analytics:indicator_list", args=[slug])
    except NoReverseMatch:
        return reverse("analytics:municipality_dashboard", args=[slug])


def attention_from(data: AgencyData) -> dict[int, list[Reason]]:
    cfg = rules()
    return {m.pk: _reasons(data, m, cfg) for m in data.municipalities}


def attention_for_many(user, municipalities: Sequence[Municipality], *, now=None) -> dict[int, list[Reason]]:
    """{municipality id: reasons it needs attention}, a fixed number of queries."""
    return attention_from(agency_data(user, municipalities, now=now))
