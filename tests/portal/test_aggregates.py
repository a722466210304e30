"""Issue 15: expensive aggregates are cached per municipality and recomputed after a service
changes them (portal/aggregates.py); pages say when their figures were computed."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.agency.scope import cached_agency_data
from portal import aggregates
from tests.conftest import login
from workgroups.models import Group
from workgroups.services import group_create


def test_it_recomputes_a_figure_after_a_service_changes_the_municipality(consultant, ostrava, gestor,
                                                                         django_capture_on_commit_callbacks):
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 0
    with django_capture_on_commit_callbacks(execute=True):
        group_create(municipality=ostrava, actor=gestor, name="Pracovní skupina bydlení")
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 1


def test_it_keeps_the_cached_figure_while_no_service_changed_anything(consultant, ostrava):
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 0
    Group.objects.create(municipality=ostrava, name="Zapsaná mimo službu")  # no service: nobody bumps the version
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 0
    aggregates._bump_now([ostrava.pk])
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 1


def test_it_invalidates_nothing_when_the_service_rolls_back(consultant, ostrava, gestor,
                                                             django_capture_on_commit_callbacks):
    before = aggregates.versions([ostrava.pk])[ostrava.pk]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        group_create(municipality=ostrava, actor=gestor, name="Skupina")
    assert [c.ids for c in callbacks if isinstance(c, aggregates.Bump)] == [(ostrava.pk,)]  # the bump waits for the commit …
    assert aggregates.versions([ostrava.pk])[ostrava.pk] == before  # … so nothing changed yet


def test_it_finds_the_municipality_of_a_service_argument(ostrava, gestor):
    group = Group.objects.create(municipality=ostrava, name="Skupina")
    assert aggregates.municipality_of(group) == ostrava.pk
    assert aggregates.municipality_of([group]) == ostrava.pk
    assert aggregates.municipality_of({"group": group}) == ostrava.pk
    assert aggregates.municipality_of(gestor) is None


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_it_runs_fewer_queries_once_the_dashboard_figures_are_cached(consultant):
    client = login(consultant)
    cold = _count(client, "/consultant/")
    warm = _count(client, "/consultant/")
    assert warm < cold, (cold, warm)


def test_it_shows_when_the_figures_were_computed(consultant, ostrava):
    client = login(consultant)
    for url in ("/", "/consultant/", f"/m/{ostrava.slug}/"):
        assert "figures-computed-at" in client.get(url).content.decode(), url


def test_a_scope_entry_is_recomputed_when_any_of_its_municipalities_changes(ostrava, kladno):
    computed = []

    def compute():
        computed.append(1)
        return aggregates.Entry(len(computed), timezone.now())

    both = [ostrava.pk, kladno.pk]
    assert aggregates.cached_scope("test", both, compute).value == 1
    assert aggregates.cached_scope("test", both[::-1], compute).value == 1  # the same scope, in any order
    aggregates._bump_now([kladno.pk])
    assert aggregates.cached_scope("test", both, compute).value == 2
    assert aggregates.cached_scope("test", both, compute).value == 2
    assert aggregates.cached_scope("test", [ostrava.pk], compute).value == 3  # another scope


def test_a_scope_entry_does_not_outlive_the_figures_it_was_made_from(ostrava, settings):
    settings.AGGREGATES_TIMEOUT = 60
    expired = aggregates.Entry("from expired figures", timezone.now() - timedelta(seconds=61))
    assert aggregates.cached_scope("test", [ostrava.pk], lambda: expired).value == "from expired figures"
    fresh = aggregates.Entry("fresh", timezone.now())
    assert aggregates.cached_scope("test", [ostrava.pk], lambda: fresh).value == "fresh"  # nothing was kept
    assert aggregates.cached_scope("test", [ostrava.pk], lambda: expired).value == "fresh"


def test_it_never_serves_an_old_figure_when_the_cache_evicted_a_version(consultant, ostrava, gestor,
                                                                        django_capture_on_commit_callbacks):
    # The local-memory cache of the embedded mode (and Redis under allkeys-lru) may evict a version
    # key while entries computed under it stay. A lost version must not read as an old one again.
    from django.core.cache import cache

    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 0  # computed at the first version
    with django_capture_on_commit_callbacks(execute=True):
        group_create(municipality=ostrava, actor=gestor, name="Pracovní skupina bydlení")
    cache.delete(aggregates._version_key(ostrava.pk))  # evicted
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 1
    with django_capture_on_commit_callbacks(execute=True):
        group_create(municipality=ostrava, actor=gestor, name="Druhá skupina")
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 2
    cache.delete(aggregates._version_key(ostrava.pk))  # evicted again, then bumped before anyone read it
    aggregates._bump_now([ostrava.pk])
    Group.objects.create(municipality=ostrava, name="Třetí")
    aggregates._bump_now([ostrava.pk])
    assert cached_agency_data(consultant, [ostrava]).rows[ostrava.pk].groups == 3
