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
    comments = Comment.objects.filter(round=round).active()
    totals = comments.aggregate(
        total=Count("pk"),
        public=Count("pk", filter=Q(is_public=True)),
        unsettled=Count("pk", filter=Q(settlement__isnull=True)),
        disputes=Count("pk", filter=Q(kind=Comment.Kind.ESSENTIAL, is_public=False, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED)),
        resolved=Count("pk", filter=Q(kind=Comment.Kind.ESSENTIAL, is_public=False, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED,
                                      settlement__dispute_result=Settlement.DisputeResult.RESOLVED)),
        persisting=Count("pk", filter=Q(kind=Comment.Kind.ESSENTIAL, is_public=False, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED,
                                        settlement__dispute_result=Settlement.DisputeResult.PERSISTS)),
    )
    stats.comments, stats.public_comments, stats.unsettled = totals["total"], totals["public"], totals["unsettled"]
    stats.disputes, stats.disputes_resolved, stats.disputes_persisting = (
        totals["disputes"], totals["resolved"], totals["persisting"]
    )
    stats.by_kind = dict(comments.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    stats.settlement = dict(
        comments.filter(settlement__isnull=False).values("settlement__outcome").annotate(n=Count("pk"))
        .values_list("settlement__outcome", "n")
    )
    public_label = _("the public")
    none_label = _("no organisation")
    by_org = comments.values("organisation__name", "is_public").annotate(n=Count("pk"))
    merged: dict[str, int] = {}
    for row in by_org:
        label = row["organisation__name"] or (public_label if row["is_public"] else none_label)
        merged[label] = merged.get(label, 0) + row["n"]
    stats.by_organisation = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
    by_section = (
        comments.values("section__order", "section__number", "section__title")
        .annotate(n=Count("pk")).order_by("section__order")
    )
    stats.by_section = [(f"{r['section__number']} {r['section__title']}".strip(), r["n"]) for r in by_section]
    return stats


def response_rates(rounds: Iterable[Round]) -> dict[int, tuple[int, int]]:
    """{round pk: (invited, responded)} for many rounds in one query (lists, hooks, analytics)."""
    rates = {}
    for row in _invitation_answers([r.pk for r in rounds]):
        rates[row["round_id"]] = (row["invited"], row["commented"] + row["no_comments"])
    return rates
