"""Acceptance 1 of issue 15: every key page runs the same number of queries at 1× and at 10× the
data, and no more than 15. The pages are benchmarks/pages.py's table (the same the benchmark
loads); the data are benchmarks/seed.py's (bulk-created), at a small 1× scale and ten times it.
The consultant's pages see 2 municipalities at 1× and 30 at 10×."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.pages import PAGES, Page
from benchmarks.seed import Scale, seed
from tests.conftest import login

MAX_QUERIES = 15
ONE = Scale(sections=16, versions=3, rounds=3, comments=30, groups=3, members=6, meetings=4, households=13, contacts=2)
TEN = ONE.times(10)


@pytest.fixture
def seeded(db):
    one = seed(municipalities=2, full=2, scale=ONE, prefix="q1", first_code=100000)
    ten = seed(municipalities=30, full=1, scale=TEN, prefix="q10", first_code=200000)
    return one.targets, ten.targets


def _queries(page: Page, targets: dict) -> tuple[int, list[str]]:
    client = login(get_user_model().objects.get(username=targets[page.user]))
    url = page.url(targets)
    first = client.get(url)  # warms the per-process caches (the stored rendering of a version)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured), [q["sql"][:160] for q in captured.captured_queries]


@pytest.mark.parametrize("page", [pytest.param(p, id=p.name) for p in PAGES])
def test_it_runs_the_same_few_queries_at_1x_and_10x(page, seeded):
    one, ten = seeded
    n_one, sql_one = _queries(page, one)
    n_ten, sql_ten = _queries(page, ten)
    assert n_one == n_ten, f"{page.name}: {n_one} queries at 1×, {n_ten} at 10×\n" + "\n".join(sql_ten)
    assert n_ten <= MAX_QUERIES, f"{page.name}: {n_ten} queries\n" + "\n".join(sql_ten)


def test_it_keeps_the_consultant_home_flat_before_anything_is_cached(seeded, settings):
    """2 or 30 municipalities, nothing cached: the apps' bulk hooks still run a fixed number of queries."""
    one, ten = seeded
    home = next(p for p in PAGES if p.name == "consultant home")
    counts = []
    for targets in (one, ten):
        client = login(get_user_model().objects.get(username=targets[home.user]))
        assert client.get("/").status_code == 200  # the session and per-process caches, as above
        settings.AGGREGATES_NAMESPACE = f"cold-{targets['slug']}"  # … but no cached aggregate
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("url", ["/consultant/?sort=-methods&page=2", "/consultant/?phase=strategy&sort=settled", "/?page=2"])
def test_it_pages_the_consultant_dashboard_and_home_in_the_same_few_queries(url, seeded, settings):
    """A sort by a computed column, a filter, a second page: 2 or 30 municipalities (two pages of
    the dashboard at 30), cached or not, the same number of queries."""
    one, ten = seeded
    warm, cold = [], []
    for targets in (one, ten):
        client = login(get_user_model().objects.get(username=targets["consultant"]))
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        warm.append(len(captured))
        settings.AGGREGATES_NAMESPACE = f"cold-{targets['slug']}-{url}"
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        cold.append(len(captured))
    assert warm[0] == warm[1] and warm[1] <= MAX_QUERIES, warm
    assert cold[0] == cold[1], cold
