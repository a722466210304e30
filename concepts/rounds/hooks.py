"""Home page and municipality overview contributions of comment rounds (fixed number of queries)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.hooks import Attention, Card

from .access import invitee_filter, rounds_visible_to
from .models import Comment, Round, RoundInvitation
from .stats import response_rates

# An active comment (not withdrawn; public ones confirmed and approved) without a settlement.
UNSETTLED = (
    Q(comments__withdrawn_at__isnull=True, comments__settlement__isnull=True)
    & (Q(comments__is_public=False)
       | Q(comments__confirmed_at__isnull=False, comments__moderation=Comment.Moderation.APPROVED))
)


def attention_many(user, municipalities) -> dict[int, list[Attention]]:
    """Open rounds the user is invited to; for those who settle, rounds waiting for settlement; for
    those who moderate, public comments waiting. Two queries for any number of municipalities."""
    now = timezone.now()
    municipalities = list(municipalities)
    by_pk = {m.pk: m for m in municipalities}
    items: dict[int, list[Attention]] = {pk: [] for pk in by_pk}
    invitations = (
        RoundInvitation.objects.filter(invitee_filter(user), round__municipality__in=list(by_pk),
                                       round__status=Round.Status.SCHEDULED, round__opens_at__lte=now)
        .select_related("round")
        .annotate(own=Count("comments", filter=Q(comments__withdrawn_at__isnull=True)))
        .order_by("round__deadline", "pk")
    )
    for invitation in invitations:
        deadline = invitation.deadline
        if deadline <= now:
            continue
        municipality = by_pk[invitation.round.municipality_id]
        answered = invitation.own > 0 or invitation.no_comments_at is not None
        text = _("Comment round “%(title)s” is open to you until %(deadline)s") % {
            "title": invitation.round.title, "deadline": date_format(timezone.localtime(deadline), "j. n. Y H:i"),
        }
        if answered:
            text += " " + _("(you have answered)")
        level = "warning" if not answered and deadline - now < timedelta(days=3) else "info"
        items[municipality.pk].append(Attention(
            text=text, url=reverse("rounds:round_read", args=[municipality.slug, invitation.round_id]),
            level=level, due=timezone.localdate(deadline)))
    settles = [pk for pk, m in by_pk.items() if user.has_perm("concepts.settle_comments", m)]
    moderates = [pk for pk, m in by_pk.items() if user.has_perm("concepts.moderate_public_comments", m)]
    if not settles and not moderates:
        return items
    waiting = Q(municipality__in=settles, status=Round.Status.SCHEDULED, deadline__lte=now)
    public = Q(municipality__in=moderates, audience=Round.Audience.PUBLIC)
    rounds = (
        Round.objects.filter(waiting | public)
        .annotate(unsettled=Count("comments", filter=UNSETTLED),
                  pending=Count("comments", filter=Q(comments__is_public=True, comments__confirmed_at__isnull=False,
                                                     comments__moderation=Comment.Moderation.PENDING)))
        .order_by("pk")
    )
    for round in rounds:
        municipality = by_pk[round.municipality_id]
        if round.unsettled and municipality.pk in settles and round.status == Round.Status.SCHEDULED \
                and round.deadline <= now:
            items[municipality.pk].append(Attention(
                text=ngettext(
                    "%(n)s comment in “%(title)s” is waiting for settlement",
                    "%(n)s comments in “%(title)s” are waiting for settlement",
                    round.unsettled,
                ) % {"n": round.unsettled, "title": round.title},
                url=reverse("rounds:settle", args=[municipality.slug, round.pk]), level="warning",
            ))
    for round in rounds:
        municipality = by_pk[round.municipality_id]
        if round.pending and municipality.pk in moderates and round.audience == Round.Audience.PUBLIC:
            items[municipality.pk].append(Attention(
                text=ngettext(
                    "%(n)s public comment in “%(title)s” is waiting for moderation",
                    "%(n)s public comments in “%(title)s” are waiting for moderation",
                    round.pending,
                ) % {"n": round.pending, "title": round.title},
                url=reverse("rounds:moderation", args=[municipality.slug, round.pk]), level="info",
            ))
    return items



def overview_card(user, municipality) -> Card | None:
    rounds = list(rounds_visible_to(user, municipality).open_at())
    url = reverse("rounds:round_list", args=[municipality.slug])
    if not rounds:
        total = rounds_visible_to(user, municipality).count()
        return Card(title=_("Comment rounds"), url=url, figure="0",
                    detail=_("no round open; %(n)s in total") % {"n": total}, order=30)
    rates = response_rates(rounds)
    invited = sum(i for i, _r in rates.values())
    responded = sum(r for _i, r in rates.values())
    detail = _("open rounds")
    if invited and user.has_perm("concepts.view_concept", municipality):
        detail = _("open rounds; response rate %(rate)s %%") % {"rate": round(100 * responded / invited)}
    return Card(title=_("Comment rounds"), url=url, figure=str(len(rounds)), detail=detail, order=30)
