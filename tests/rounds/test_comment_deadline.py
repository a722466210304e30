"""Acceptance 2: the server's clock decides the deadline, to the second."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from concepts.rounds import comment_services, services
from concepts.rounds.models import Comment


def _create(invitation, partner, section, now):
    return comment_services.comment_create(
        invitation=invitation, actor=partner, section=section, kind=Comment.Kind.ESSENTIAL,
        text="Chybí krizové byty pro rodiny s dětmi.", now=now,
    )


def test_it_keeps_a_comment_one_second_before_the_deadline(invitation, partner, sections):
    comment = _create(invitation, partner, sections[0], invitation.round.deadline - timedelta(seconds=1))
    assert Comment.objects.get(pk=comment.pk).number == 1


@pytest.mark.parametrize("after", [timedelta(0), timedelta(seconds=1)])
def test_it_refuses_a_comment_at_or_after_the_deadline(invitation, partner, sections, after):
    with pytest.raises(ValidationError) as exc:
        _create(invitation, partner, sections[0], invitation.round.deadline + after)
    assert exc.value.code == "deadline"
    assert not Comment.objects.exists()


def test_edit_and_withdraw_follow_the_same_rule(invitation, partner, sections):
    deadline = invitation.round.deadline
    comment = _create(invitation, partner, sections[0], deadline - timedelta(minutes=5))
    comment_services.comment_update(comment=comment, actor=partner, kind="recommendation", text="Upraveno",
                                    now=deadline - timedelta(seconds=1))
    assert Comment.objects.get(pk=comment.pk).text == "Upraveno"
    with pytest.raises(ValidationError):
        comment_services.comment_update(comment=comment, actor=partner, kind="recommendation", text="Pozdě",
                                        now=deadline)
    with pytest.raises(ValidationError):
        comment_services.comment_withdraw(comment=comment, actor=partner, now=deadline)
    assert Comment.objects.get(pk=comment.pk).withdrawn_at is None
    comment_services.comment_withdraw(comment=comment, actor=partner, now=deadline - timedelta(seconds=1))
    assert Comment.objects.get(pk=comment.pk).withdrawn_at is not None


def test_a_personal_extension_moves_the_deadline_for_that_invitee_only(invitation, partner, partner2, sections, gestor):
    from .factories import InvitationFactory

    round = invitation.round
    other = InvitationFactory(round=round, user=partner2)
    services.extension_request(invitation=invitation, until=round.deadline + timedelta(days=2), reason="Porada až v pátek")
    services.extension_decide(invitation=invitation, grant=True, actor=gestor)
    invitation.refresh_from_db()
    after = round.deadline + timedelta(hours=1)
    assert _create(invitation, partner, sections[0], after).pk
    with pytest.raises(ValidationError):
        comment_services.comment_create(invitation=other, actor=partner2, section=sections[0], kind="essential",
                                        text="Pozdě", now=after)
    with pytest.raises(ValidationError):
        _create(invitation, partner, sections[0], round.deadline + timedelta(days=2))


def test_it_refuses_a_section_of_another_version(invitation, partner):
    from .factories import VersionSectionFactory

    foreign = VersionSectionFactory()
    with pytest.raises(ValidationError):
        _create(invitation, partner, foreign, invitation.round.deadline - timedelta(hours=1))


def test_no_comments_then_commenting_replaces_the_answer(invitation, partner, sections):
    services.invitation_declare_no_comments(invitation=invitation)
    assert invitation.no_comments_at is not None
    _create(invitation, partner, sections[1], invitation.round.deadline - timedelta(hours=1))
    invitation.refresh_from_db()
    assert invitation.no_comments_at is None
    with pytest.raises(ValidationError):
        services.invitation_declare_no_comments(invitation=invitation)
