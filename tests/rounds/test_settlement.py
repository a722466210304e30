from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concepts.rounds import comment_services
from concepts.rounds.models import Comment, Round, Settlement

from .factories import CommentFactory, VersionFactory, VersionSectionFactory


@pytest.fixture
def comments(closed_round, sections):
    return [
        CommentFactory(round=closed_round, section=sections[0], number=1, kind=Comment.Kind.ESSENTIAL, text="Stejný text"),
        CommentFactory(round=closed_round, section=sections[0], number=2, text="stejný   TEXT"),
        CommentFactory(round=closed_round, section=sections[1], number=3, kind=Comment.Kind.ESSENTIAL),
    ]


def test_it_requires_a_justification_unless_accepted(comments, writer):
    with pytest.raises(ValidationError) as exc:
        comment_services.settlement_save(comments=[comments[0]], outcome="not_accepted", justification=" ", actor=writer)
    assert "justification" in exc.value.message_dict
    comment_services.settlement_save(comments=[comments[0]], outcome="accepted", justification="", actor=writer)
    assert Settlement.objects.get(comment=comments[0]).outcome == "accepted"


def test_it_refuses_to_settle_before_the_deadline(open_round, sections, writer):
    comment = CommentFactory(round=open_round, section=sections[0])
    with pytest.raises(ValidationError):
        comment_services.settlement_save(comments=[comment], outcome="accepted", justification="", actor=writer)


def test_identical_comments_are_found_and_settled_together(comments, writer):
    groups = comment_services.identical_groups(comments[0].round)
    assert groups == {comments[0].pk: [comments[1].pk], comments[1].pk: [comments[0].pk]}
    comment_services.settlement_save(comments=comments[:2], outcome="noted", justification="Zohledníme.", actor=writer)
    assert list(Settlement.objects.order_by("comment__number").values_list("outcome", flat=True)) == ["noted", "noted"]


def test_an_essential_comment_not_accepted_is_a_dispute_with_a_recorded_outcome(comments, writer):
    [settlement] = comment_services.settlement_save(comments=[comments[2]], outcome="not_accepted",
                                                    justification="Nad rámec koncepce.", actor=writer)
    assert settlement.is_dispute
    with pytest.raises(ValidationError):
        comment_services.dispute_record(settlement=settlement, meeting_on=None, result="", note="", actor=writer)
    comment_services.dispute_record(settlement=settlement, meeting_on=date(2026, 3, 2), result="persists",
                                    note="Rozpor trvá, rozhodne rada.", actor=writer)
    assert Settlement.objects.get(pk=settlement.pk).dispute_result == "persists"
    # a recommendation not accepted is no dispute
    [other] = comment_services.settlement_save(comments=[comments[1]], outcome="not_accepted", justification="Ne.", actor=writer)
    assert not other.is_dispute
    with pytest.raises(ValidationError):
        comment_services.dispute_record(settlement=other, meeting_on=date(2026, 3, 2), result="resolved", note="x", actor=writer)


def test_changing_the_answer_drops_a_dispute_record(comments, writer):
    comment_services.settlement_save(comments=[comments[2]], outcome="not_accepted", justification="Ne.", actor=writer)
    settlement = Settlement.objects.get(comment=comments[2])
    comment_services.dispute_record(settlement=settlement, meeting_on=date(2026, 3, 2), result="resolved", note="Dohoda", actor=writer)
    comment_services.settlement_save(comments=[comments[2]], outcome="partly", justification="Dohoda z jednání.", actor=writer)
    settlement.refresh_from_db()
    assert settlement.dispute_result == "" and settlement.dispute_meeting_on is None


def test_it_points_to_a_section_of_the_next_version(comments, writer, version):
    next_version = VersionFactory(concept=version.concept, number=2)
    target = VersionSectionFactory(version=next_version, order=0)
    comment_services.settlement_save(comments=[comments[0]], outcome="accepted", justification="",
                                     next_section_uid=str(target.uid), actor=writer)
    assert Settlement.objects.get(comment=comments[0]).next_section_uid == target.uid
    with pytest.raises(ValidationError):
        comment_services.settlement_save(comments=[comments[1]], outcome="accepted", justification="",
                                         next_section_uid="00000000-0000-0000-0000-000000000000", actor=writer)


def test_the_round_is_settled_only_when_everything_is_settled_and_recorded(comments, writer, gestor):
    round = comments[0].round
    with pytest.raises(ValidationError, match="3"):  # "3 comments are not settled yet"
        comment_services.round_settle_complete(round=round, actor=writer)
    comment_services.settlement_save(comments=comments[:2], outcome="accepted", justification="", actor=writer)
    comment_services.settlement_save(comments=[comments[2]], outcome="not_accepted", justification="Ne.", actor=writer)
    with pytest.raises(ValidationError, match="1"):  # "… for 1 disputes first"
        comment_services.round_settle_complete(round=round, actor=writer)
    comment_services.dispute_record(settlement=comments[2].settlement, meeting_on=timezone.localdate(),
                                    result="resolved", note="Vyjasněno", actor=writer)
    comment_services.round_settle_complete(round=round, actor=writer)
    assert Round.objects.get(pk=round.pk).status == Round.Status.SETTLED


def test_nothing_changes_after_publishing(comments, writer):
    round = comments[0].round
    Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED)
    comments[0].round.refresh_from_db()
    with pytest.raises(ValidationError):
        comment_services.settlement_save(comments=[comments[0]], outcome="accepted", justification="",
                                         actor=writer, now=timezone.now() + timedelta(days=1))
