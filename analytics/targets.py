"""The agency's targets (seed 004) computed from the portal's own data.

Each target states its numerator, denominator and the rule in words, so a consultant can check
how the figure came about. Targets the portal holds no data for are listed as not measured rather
than given an invented value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .selectors import RECENT_MEETING_DAYS, Ratio, Row

#: A concept "references analytical findings" when at least this share of its measures link to a finding.
EVIDENCE_THRESHOLD_PERCENT = 50


@dataclass
class Target:
    key: str
    label: str
    goal_percent: int | None
    definition: str
    ratio: Ratio | None = None
    goal_text: str = ""

    @property
    def measured(self) -> bool:
        return self.ratio is not None

    @property
    def met(self) -> bool | None:
        if self.ratio is None or self.ratio.total == 0 or self.goal_percent is None:
            return None
        return 100 * self.ratio.part >= self.goal_percent * self.ratio.total


def evidence_based(row: Row) -> bool:
    evidence = row.evidence
    return evidence.total > 0 and 100 * evidence.part >= EVIDENCE_THRESHOLD_PERCENT * evidence.total


def agency_targets(rows: Sequence[Row]) -> list[Target]:
    """The five expected changes of the agency's project, over the given municipalities' rows."""
    participative = sum(r.recent_participative > 0 for r in rows)
    documents = [r for r in rows if r.evidence.total > 0]
    return [
        Target(
            "participative", _("Municipalities apply participative methods on their own"), 30,
            _("Numerator: municipalities whose groups held at least one meeting in the last %(days)s days with a "
              "participative method (anything but plain discussion: world café, problem tree, design thinking, "
              "focus group and the like), as recorded in the portal by the municipality. Denominator: all "
              "municipalities shown.") % {"days": RECENT_MEETING_DAYS},
            Ratio(participative, len(rows)),
        ),
        Target(
            "evidence", _("Planning documents reference analytical findings"), 60,
            _("Numerator: concepts in which at least %(threshold)s %% of the measures are linked to an analytical "
              "finding. Denominator: the newest concept of each municipality shown that has at least one measure.")
            % {"threshold": EVIDENCE_THRESHOLD_PERCENT},
            Ratio(sum(evidence_based(r) for r in documents), len(documents)),
        ),
        Target(
            "competence", _("Municipalities raise their competence in coordinating services"), 75,
            _("Assessed against the quality criteria agreed with each municipality at the start of the "
              "cooperation; the portal holds no such assessment."),
        ),
        Target(
            "good_practice", _("Inclusion managers attend good-practice transfer (at least 14 hours)"), 75,
            _("Attendance at the social inclusion forum, workshops and conferences is not recorded in the portal."),
        ),
        Target(
            "conferences", _("Conferences passing data and proposals to central government"), None,
            _("Conferences and workshops of the agency are not recorded in the portal."),
            goal_text=_("at least 2"),
        ),
    ]
