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

    assert StandardLease.objects.count() == 5  # crisis 2 + 1, affordable 2
    assert not StandardLease.objects.exclude(exit__reason="moved_up").exists()
