"""Acceptance 5: the round statistics match a fixture counted by hand."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from concepts.rounds.models import Comment, Settlement
from concepts.rounds.stats import response_rates, round_stats
from portal.models import Organisation

from .factories import CommentFactory, InvitationFactory, SettlementFactory


def test_it_counts_a_hand_counted_round(closed_round, sections, ostrava):
    charita = Organisation.objects.create(municipality=ostrava, name="Charita Ostrava")
    armada = Organisation.objects.create(municipality=ostrava, name="Armáda spásy")
    # 6 invitees: A and B comment, C declares no comments, D commented but withdrew (silent), E and F silent
    a = InvitationFactory(round=closed_round, email="a@x.cz", organisation=charita)
    b = InvitationFactory(round=closed_round, email="b@x.cz", organisation=armada)
    InvitationFactory(round=closed_round, email="c@x.cz", no_comments_at=timezone.now())
    d = InvitationFactory(round=closed_round, email="d@x.cz")
    InvitationFactory(round=closed_round, email="e@x.cz")
    InvitationFactory(round=closed_round, email="f@x.cz")
    s1, s2, s3 = sections
    E, R = Comment.Kind.ESSENTIAL, Comment.Kind.RECOMMENDATION

    def c(inv, section, kind, **kw):
        return CommentFactory(round=closed_round, invitation=inv, organisation=inv.organisation if inv else None,
                              section=section, kind=kind, **kw)

    c1 = c(a, s1, E)                 # accepted
    c2 = c(a, s1, R)                 # partly
    c3 = c(a, s2, E)                 # not accepted → dispute, resolved
    c4 = c(b, s2, E)                 # not accepted → dispute, persists
    c5 = c(b, s3, R)                 # not accepted (recommendation: no dispute)
    c(b, s3, R)                      # unsettled
    c(d, s1, E, withdrawn_at=timezone.now())  # withdrawn: not counted
    # public: one approved (noted), one pending, one hidden, one unconfirmed
    p1 = c(None, s3, R, is_public=True, confirmed_at=timezone.now(), moderation="approved", author_email="p@x.cz")
    c(None, s3, R, is_public=True, confirmed_at=timezone.now(), moderation="pending", author_email="q@x.cz")
    c(None, s3, R, is_public=True, confirmed_at=timezone.now(), moderation="hidden", author_email="r@x.cz")
    c(None, s3, R, is_public=True, confirmed_at=None, moderation="pending", author_email="s@x.cz")
    Outcome = Settlement.Outcome
    SettlementFactory(comment=c1, outcome=Outcome.ACCEPTED)
    SettlementFactory(comment=c2, outcome=Outcome.PARTLY, justification="x")
    SettlementFactory(comment=c3, outcome=Outcome.NOT_ACCEPTED, justification="x", dispute_result="resolved")
    SettlementFactory(comment=c4, outcome=Outcome.NOT_ACCEPTED, justification="x", dispute_result="persists")
    SettlementFactory(comment=c5, outcome=Outcome.NOT_ACCEPTED, justification="x")
    SettlementFactory(comment=p1, outcome=Outcome.NOTED, justification="x")

    stats = round_stats(closed_round)

    assert (stats.invited, stats.commented, stats.no_comments, stats.responded, stats.silent) == (6, 2, 1, 3, 3)
    assert stats.response_rate == 0.5
    assert (stats.comments, stats.public_comments) == (7, 1)
    assert stats.by_kind == {"essential": 3, "recommendation": 4}
    assert stats.by_organisation == [("Armáda spásy", 3), ("Charita Ostrava", 3), (gettext("the public"), 1)]
    assert stats.by_section == [(f"1 {s1.title}", 2), (f"2 {s2.title}", 2), (f"3 {s3.title}", 3)]
    assert stats.settlement == {"accepted": 1, "partly": 1, "not_accepted": 3, "noted": 1}
    assert (stats.settled, stats.unsettled) == (6, 1)
    assert (stats.disputes, stats.disputes_resolved, stats.disputes_persisting) == (2, 1, 1)
    assert response_rates([closed_round]) == {closed_round.pk: (6, 3)}


def test_it_runs_a_fixed_number_of_queries(closed_round, sections, django_assert_max_num_queries):
    for i in range(30):
        inv = InvitationFactory(round=closed_round, email=f"i{i}@x.cz", created_at=timezone.now() - timedelta(days=1))
        CommentFactory(round=closed_round, invitation=inv, section=sections[i % 3])
    with django_assert_max_num_queries(8):
        stats = round_stats(closed_round)
    assert stats.comments == 30
