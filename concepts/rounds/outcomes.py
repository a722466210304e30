"""What a round asked and what came of it: "Ptali jsme se / Řekli jste / Udělali jsme".

One function builds the page's figures, for the public page and the partners' page alike, in a
fixed number of queries. Every count says what it counts (its denominator is shown beside it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from concepts.models import Version, VersionSection
from portal.models import Membership
from portal.roles import Role

from .forms import section_label
from .models import Comment, Round, Settlement


@dataclass
class Change:
    section_label: str
    section_uid: str
    comment_numbers: list[int] = field(default_factory=list)


@dataclass
class Outcome:
    respondents: list[tuple[str, int]]
    respondents_total: int
    comments_total: int
    by_outcome: list[tuple[str, str, int]]
    disputes: int
    changes: list[Change]
    next_version: Version | None


def respondent_type(comment: Comment, partner_ids: set[int]) -> str:
    """"public", "partner" (an invited organisation or someone without an account) or "member"."""
    if comment.is_public:
        return "public"
    if comment.author_id is None or comment.author_id in partner_ids or comment.organisation_id:
        return "partner"
    return "member"


RESPONDENT_LABELS = {
    "partner": lambda: _("partners"),
    "member": lambda: _("members of the working groups"),
    "public": lambda: _("the public"),
}


def _next_version(round: Round) -> Version | None:
    return (
        Version.objects.filter(concept_id=round.version.concept_id, number__gt=round.version.number)
        .order_by("number").first()
    )


def you_said_we_did(round: Round) -> Outcome:
    comments = list(Comment.objects.filter(round=round).active().select_related("settlement", "section").order_by("number"))
    partner_ids = set(
        Membership.objects.filter(municipality=round.municipality, role=Role.PARTNER, is_active=True)
        .values_list("user_id", flat=True)
    )
    people: dict[str, set] = {"partner": set(), "member": set(), "public": set()}
    for c in comments:
        who = (c.author_email or "").lower() if c.is_public else (c.author_id or c.invitation_id or c.author_name)
        people[respondent_type(c, partner_ids)].add(who)
    respondents = [(RESPONDENT_LABELS[key](), len(people[key])) for key in ("partner", "member", "public")]
    settlements = [c.settlement for c in comments if hasattr(c, "settlement")]
    counts = dict.fromkeys(Settlement.Outcome.values, 0)
    for s in settlements:
        counts[s.outcome] += 1
    next_version = _next_version(round)
    changes: dict[str, Change] = {}
    sections = {}
    if next_version is not None:
        sections = {str(s.uid): s for s in VersionSection.objects.filter(version=next_version)}
    for c in comments:
        s = getattr(c, "settlement", None)
        if s is None or not s.is_accepted or not s.next_section_uid:
            continue
        uid = str(s.next_section_uid)
        target = sections.get(uid)
        label = section_label(target.kind, target.number, target.title) if target else c.section.title
        changes.setdefault(uid, Change(section_label=label, section_uid=uid)).comment_numbers.append(c.number)
    order = {uid: s.order for uid, s in sections.items()}
    return Outcome(
        respondents=respondents, respondents_total=sum(n for _label, n in respondents),
        comments_total=len(comments),
        by_outcome=[(value, label, counts[value]) for value, label in Settlement.Outcome.choices],
        disputes=sum(1 for s in settlements if s.is_dispute),
        changes=sorted(changes.values(), key=lambda ch: order.get(ch.section_uid, 10**6)),
        next_version=next_version,
    )
