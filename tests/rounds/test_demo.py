from concepts.rounds import demo
from concepts.rounds.models import Comment, Round, RoundInvitation, Settlement
from concepts.rounds.stats import round_stats
from portal import demo as portal_demo

from .factories import ConceptFactory, VersionFactory, VersionSectionFactory


def _ctx():
    ctx = portal_demo.load()
    versions = {}
    for slug in ("ostrava", "kladno"):
        concept = ConceptFactory(municipality=ctx["municipalities"][slug])
        versions[slug] = []
        for number in (1, 2) if slug == "ostrava" else (1,):
            version = VersionFactory(concept=concept, number=number)
            keys = {c[1] for c in demo.COMMENTS + demo.OPEN_ROUND_COMMENTS}
            for order, (kind, key) in enumerate(sorted(keys)):
                if kind == "measure":
                    VersionSectionFactory(version=version, order=order, kind=kind, number=f"9.{order}", title=key)
                else:
                    VersionSectionFactory(version=version, order=order, kind=kind, number=key)
            versions[slug].append(version)
    ctx["concept_versions"] = versions
    return ctx


def test_it_does_nothing_without_the_concepts_demo(db):
    demo.load({"municipalities": {}})
    assert not Round.objects.exists()


def test_it_builds_the_rounds_of_design_5_idempotently(db):
    ctx = _ctx()
    demo.load(ctx)
    demo.load(ctx)
    settled = Round.objects.get(municipality__slug="ostrava", status=Round.Status.PUBLISHED)
    stats = round_stats(settled)
    assert 38 <= stats.comments <= 45 and stats.unsettled == 0
    assert stats.by_kind["essential"] > 5 and stats.by_kind["recommendation"] > 5
    assert len(stats.by_organisation) >= 5
    assert stats.disputes == 2
    assert Settlement.objects.filter(comment__round=settled).exclude(dispute_result="").count() == 2
    open_round = Round.objects.get(municipality__slug="ostrava", status=Round.Status.SCHEDULED)
    assert open_round.state == Round.Status.OPEN
    assert RoundInvitation.objects.filter(round=open_round, user__username="nno.ostrava").exists()
    assert Round.objects.get(municipality__slug="kladno").status == Round.Status.DRAFT
    assert Round.objects.count() == 3 and Comment.objects.filter(round=settled).count() == stats.comments
