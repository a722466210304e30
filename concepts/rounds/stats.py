"""Round statistics: who was invited and answered, comments by kind, organisation and section,
how they were settled, and the disputes. Used by the round page, analytics and the consultant
dashboard. Each function runs a fixed number of queries, whatever the size of the round."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from .models import Comment, Round, RoundInvitation, Settlement


@dataclass
class RoundStats:
    invited: int = 0
    commented: int = 0
    no_comments: int = 0
    responded: int = 0
    comments: int = 0
    public_comments: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_organisation: list[tuple[str, int]] = field(default_factory=list)
    by_section: list[tuple[str, int]] = field(default_factory=list)
    settlement: dict[str, int] = field(default_factory=dict)
    unsettled: int = 0
    disputes: int = 0
    disputes_resolved: int = 0
    disputes_persisting: int = 0

    @property
    def silent(self) -> int:
        return self.invited - self.responded

    @property
    def response_rate(self) -> float | None:
        """Share of invitees who commented or declared "no comments"."""
        return self.responded / self.invited if self.invited else None

    @property
    def settled(self) -> int:
        return sum(self.settlement.values())

    def settlement_rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.settlement.get(value, 0)) for value, label in Settlement.Outcome.choices]

    def kind_rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.by_kind.get(value, 0)) for value, label in Comment.Kind.choices]


def _invitation_answers(round_ids: Iterable[int]):
    commented = Comment.objects.filter(invitation=OuterRef("pk"), withdrawn_at__isnull=True)
    return (
        RoundInvitation.objects.filter(round_id__in=list(round_ids))
        .annotate(has_comment=Exists(commented))
        .values("round_id")
        .annotate(
            invited=Count("pk"),
            commented=Count("pk", filter=Q(has_comment=True)),
            no_comments=Count("pk", filter=Q(has_comment=False, no_comments_at__isnull=False)),
        )
    )


def round_stats(round: Round) -> RoundStats:
    stats = RoundStats()
    for row in _invitation_answers([round.pk]):
        stats.invited, stats.commented, stats.no_comments = row["invited"], row["commented"], row["no_comments"]
    stats.responded = stats.commented + stats.no_comments
    # One grouped query instead of six small aggregates: each row is a combination of kind,
    # commenter, settlement and section with its number of comments (at most one per comment).
    rows = (
        Comment.objects.filter(round=round).active()
        .values("kind", "is_public", "organisation__name", "settlement__outcome", "settlement__dispute_result",
                "section__order", "section__number", "section__title")
        .annotate(n=Count("pk")).order_by()
    )
    public_label = _("the public")
    none_label = _("no organisation")
    merged: dict[str, int] = {}
    sections: dict[tuple, int] = {}
    for row in rows:
        n = row["n"]
        outcome = row["settlement__outcome"]
        stats.comments += n
        stats.public_comments += n if row["is_public"] else 0
        stats.by_kind[row["kind"]] = stats.by_kind.get(row["kind"], 0) + n
        if outcome is None:
            stats.unsettled += n
        else:
            stats.settlement[outcome] = stats.settlement.get(outcome, 0) + n
        if (row["kind"] == Comment.Kind.ESSENTIAL and not row["is_public"]
                and outcome == Settlement.Outcome.NOT_ACCEPTED):
            stats.disputes += n
            result = row["settlement__dispute_result"]
            stats.disputes_resolved += n if result == Settlement.DisputeResult.RESOLVED else 0
            stats.disputes_persisting += n if result == Settlement.DisputeResult.PERSISTS else 0
        label = row["organisation__name"] or (public_label if row["is_public"] else none_label)
        merged[label] = merged.get(label, 0) + n
        key = (row["section__order"], row["section__number"], row["section__title"])
        sections[key] = sections.get(key, 0) + n
    stats.by_organisation = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
    stats.by_section = [(f"{number} {title}".strip(), n) for (_order, number, title), n in sorted(sections.items())]
    return stats


def response_rates(rounds: Iterable[Round]) -> dict[int, tuple[int, int]]:
    """{round pk: (invited, responded)} for many rounds in one query (lists, hooks, analytics)."""
    rates = {}
    for row in _invitation_answers([r.pk for r in rounds]):
        rates[row["round_id"]] = (row["invited"], row["commented"] + row["no_comments"])
    return rates
