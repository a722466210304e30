"""Acceptance 4: the dashboard, the targets and the report's data take the same number of queries
for 3 and for 30 municipalities."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.agency.scope import agency_data
from analytics.report import report_data
from analytics.targets import agency_targets
from concepts.models import Phase
from portal.models import Membership
from portal.roles import Role
from tests.analytics.agency import attend, conference, cooperation, criterion, event
from tests.analytics.conftest import concept_with_measures, held_meeting, pilot, steering
from tests.factories import MunicipalityFactory
from tests.rounds.factories import RoundFactory, VersionFactory
from tests.workgroups.factories import GroupFactory
from workgroups.models import Method


def populate(consultant, start: int, stop: int) -> None:
    forum = event(hours="8", title=f"Fórum {start}")
    conf = conference(title=f"Konference {start}")
    for n in range(start, stop):
        m = MunicipalityFactory(slug=f"obec-q{n}", name=f"Obec Q{n:02}")
        Membership.objects.create(user=consultant, municipality=m, role=Role.CONSULTANT)
        held_meeting(steering(m, last_met_days_ago=3), 1, Method.OPERA)
        GroupFactory(municipality=m)
        concept = concept_with_measures(m, phase=Phase.STRATEGY, linked=1, unlinked=1)
        RoundFactory(version=VersionFactory(concept=concept))
        pilot(m, housed_now=1, exited=0)
        coop = cooperation(m)
        criterion(coop, t0=1, t24=2)
        attend(forum, m, "6")
        attend(conf, m, "4")


def count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_it_takes_the_same_queries_for_3_and_30_municipalities(client_for, consultant, db, settings):
    Membership.objects.filter(user=consultant).delete()
    populate(consultant, 0, 3)
    client = client_for(consultant)
    client.get("/consultant/")  # warm up the session
    mine = lambda: list(Membership.objects.filter(user=consultant).values_list("municipality", flat=True))  # noqa: E731
    from portal.models import Municipality

    def scope():
        return list(Municipality.objects.filter(pk__in=mine()).order_by("name"))

    from portal.permissions import forget_roles

    def fresh(fn):
        def run():
            forget_roles(consultant)  # each measurement starts with the same per-request caches
            return fn()
        return run

    def cold_page(namespace):
        def run():
            settings.AGGREGATES_NAMESPACE = namespace  # the figures computed afresh, not read from the cache
            return client.get("/consultant/")
        return run

    three = scope()
    small = (count(cold_page("cold-3")), count(fresh(lambda: agency_targets(agency_data(consultant, three)))),
             count(fresh(lambda: report_data(consultant, three))))
    populate(consultant, 3, 30)
    thirty = scope()
    assert len(thirty) == 30
    large = (count(cold_page("cold-30")), count(fresh(lambda: agency_targets(agency_data(consultant, thirty)))),
             count(fresh(lambda: report_data(consultant, thirty))))
    assert large == small
