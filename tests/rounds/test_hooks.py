from datetime import timedelta

from django.utils import timezone

from concepts.rounds import hooks
from concepts.rounds.models import Round

from .factories import CommentFactory, InvitationFactory


def test_a_partner_sees_the_open_round_with_the_deadline(partner, invitation, ostrava):
    [item] = hooks.attention_many(partner, [ostrava])[ostrava.pk]
    assert invitation.round.title in item.text
    assert item.due == timezone.localdate(invitation.round.deadline)


def test_the_writer_sees_comments_waiting_for_settlement(writer, closed_round, sections, ostrava,
                                                         django_assert_max_num_queries):
    for i in range(3):
        CommentFactory(round=closed_round, section=sections[0], number=i + 1)
    with django_assert_max_num_queries(4):
        items = hooks.attention_many(writer, [ostrava])[ostrava.pk]
    assert any("3" in item.text and closed_round.title in item.text for item in items)


def test_the_overview_card_shows_open_rounds_and_response_rate(gestor, open_round, ostrava):
    InvitationFactory(round=open_round, email="a@x.cz", no_comments_at=timezone.now())
    InvitationFactory(round=open_round, email="b@x.cz")
    Round.objects.create(municipality=ostrava, version=open_round.version, title="Budoucí",
                         opens_at=timezone.now() + timedelta(days=1), deadline=timezone.now() + timedelta(days=5),
                         status=Round.Status.SCHEDULED)
    card = hooks.overview_card(gestor, ostrava)
    assert card.figure == "1"
    assert "50" in card.detail
