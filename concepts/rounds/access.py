"""Who may see which round, version and comment (DESIGN §4, refined per object).

- Staff who read the concept (gestor, writer, coordinator, social worker, member, consultant) see
  every round that is not a draft; those who prepare rounds (manage_rounds, edit_concept) see
  drafts too.
- A partner sees a round, its version and its published settlements only if invited to it.
  Anything else answers 404, as if it did not exist (never another round's drafts).
- The public sees only a public round that has opened.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.models import Municipality

from .models import Comment, Round, RoundInvitation


def invitee_filter(user, prefix: str = "") -> Q:
    """Invitations addressed to this user: by account, or by e-mail before they had one."""
    q = Q(**{f"{prefix}user": user})
    if user.email:
        q |= Q(**{f"{prefix}user__isnull": True, f"{prefix}email__iexact": user.email})
    return q


def can_prepare_rounds(user, municipality: Municipality) -> bool:
    return user.has_perm("concepts.manage_rounds", municipality) or user.has_perm("concepts.edit_concept", municipality)


def rounds_visible_to(user, municipality: Municipality) -> QuerySet[Round]:
    rounds = Round.objects.filter(municipality=municipality)
    if user.is_superuser or can_prepare_rounds(user, municipality):
        return rounds
    if user.has_perm("concepts.view_concept", municipality):
        return rounds.exclude(status=Round.Status.DRAFT)
    invited = RoundInvitation.objects.filter(invitee_filter(user), round__municipality=municipality)
    return rounds.exclude(status=Round.Status.DRAFT).filter(pk__in=invited.values("round_id"))


def round_for(user, municipality: Municipality, pk: int) -> Round:
    """The round if this user may see it, else 404 (its municipality is the one given, not read again)."""
    round = get_object_or_404(rounds_visible_to(user, municipality).select_related("version", "version__concept"), pk=pk)
    round.municipality = municipality
    return round


def invitation_of(user, round: Round) -> RoundInvitation | None:
    invitation = (
        RoundInvitation.objects.filter(invitee_filter(user), round=round)
        .select_related("organisation")
        .order_by("-user_id")
        .first()
    )
    if invitation is not None:
        invitation.round = round  # the round asked about, not read again
    return invitation


def invitation_for_commenting(user, round: Round) -> RoundInvitation:
    """Commenting needs the comment permission and an invitation to this round."""
    if not user.has_perm("concepts.comment", round.municipality):
        raise Http404
    invitation = invitation_of(user, round)
    if invitation is None:
        raise Http404
    return invitation


def own_comment_for(user, round: Round, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("section", "invitation", "invitation__round", "round"),
        round=round, pk=pk, author=user, is_public=False,
    )


def comment_for_staff(round: Round, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("section", "invitation", "invitation__round", "round", "organisation"),
        round=round, pk=pk,
    )


def sees_all_comments(user, round: Round) -> bool:
    """Staff see every comment; partners see the others' comments once the table is published."""
    municipality = round.municipality
    if user.is_superuser or user.has_perm("concepts.view_concept", municipality):
        return True
    return round.status == Round.Status.PUBLISHED


def sees_settlements(user, round: Round) -> bool:
    """Staff follow the settlement as it is written; partners see it once the table is published."""
    return sees_all_comments(user, round)


def public_round(municipality_slug: str, pk: int) -> Round:
    """A public round that has opened; anything else (drafts, invited-only rounds) is 404."""
    return get_object_or_404(
        Round.objects.select_related("version", "municipality").exclude(status=Round.Status.DRAFT),
        municipality__slug=municipality_slug,
        pk=pk,
        audience=Round.Audience.PUBLIC,
        opens_at__lte=timezone.now(),
    )
