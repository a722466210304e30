import pytest

from pilots.models import Household, Placement, Programme

pytestmark = pytest.mark.django_db


def test_it_loads_ostravas_programmes_idempotently():
    from pilots import demo
    from portal import demo as portal_demo

    ctx = portal_demo.load()
    demo.load(ctx)
    counts = (Programme.objects.count(), Household.objects.count(), Placement.objects.count())
    demo.load(ctx)
    assert (Programme.objects.count(), Household.objects.count(), Placement.objects.count()) == counts

    crisis = Programme.objects.get(kind="crisis")
    assert (crisis.flats.count(), crisis.cohort_count, crisis.cohort_size, crisis.support_months) == (30, 3, 10, 6)
    social_worker = ctx["users"]["socialni.ostrava"]
    assert list(social_worker.assigned_programmes.all()) == [crisis]
    assert set(Programme.objects.values_list("coordinator__username", flat=True)) == {"koordinator.ostrava"}
    assert set(Household.objects.values_list("stage", flat=True)) >= {"referred", "waiting", "accepted", "placed", "exited", "refused"}
    assert Placement.objects.filter(previous__isnull=False).exists()
    # every move up to standard housing comes with its standard lease
    from pilots.models import StandardLease

    assert StandardLease.objects.filter(exit__reason="moved_up").count() == 5  # crisis 2 + 1, affordable 2
    # every permanent exit carries its evidence: a lease record or the next programme's enrolment
    from pilots.models import EvaluationReport, Exit, FidelityAssessment

    permanent = Exit.objects.filter(destination="permanent").select_related("placement")
    assert permanent.exists() and all(x.evidence for x in permanent)
    assert not Exit.objects.filter(place="").exists()  # every exit says where the household went
    # a return after a permanent exit: a follow-up in temporary housing and a new crisis referral
    returned = Exit.objects.get(follow_ups__status="temporary", destination="permanent")
    assert returned.placement.household.referrals.filter(programme=crisis, decision="pending").exists()
    assert FidelityAssessment.objects.filter(programme=crisis).count() == 2
    assert crisis.referrals.filter(decision="waiting").count() >= 2  # the waiting list
    assert EvaluationReport.objects.filter(programme=crisis, status="approved").exists()



def test_the_social_housing_programme_points_to_a_social_housing_measure():
    from concepts import demo as concepts_demo
    from pilots import demo
    from portal import demo as portal_demo

    ctx = portal_demo.load()
    concepts_demo.load(ctx)
    demo.load(ctx)
    measures = dict(Programme.objects.values_list("kind", "measure__title"))
    assert "krizové" in measures["crisis"] and "sociálních bytů" in measures["social"] and "dostupné" in measures["affordable"]
