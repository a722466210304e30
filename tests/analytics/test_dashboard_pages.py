"""Issue 15: the dashboard and the home page show one page of a consultant's municipalities, built
from a cached summary of the whole scope, not from every row: a sort by a computed column orders
across pages, the filters apply to all the municipalities, the export has every row, and a write
to one municipality reorders the pages."""

from __future__ import annotations

import re

import pytest

from analytics.attention import attention_for_many
from concepts.models import Phase
from portal.models import Membership, Municipality
from portal.roles import Role
from tests.analytics.conftest import steering
from tests.analytics.test_consultant_dashboard import row_names, table_body
from tests.analytics.test_dashboard_export import export, sheets
from tests.concepts.factories import ConceptFactory
from tests.factories import MunicipalityFactory
from workgroups.services import group_create

PER_PAGE = 5
#: Days since each municipality's steering team met: neither their alphabetical order nor its reverse.
DAYS = [5, 70, 12, 50, 3, 90, 20, 47, 8, 33, 61, 15]
OTHER_REGION = "Středočeský kraj"


@pytest.fixture(autouse=True)
def _small_pages(monkeypatch):
    monkeypatch.setattr("analytics.views.ROWS_PER_PAGE", PER_PAGE)
    monkeypatch.setattr("portal.views.HOME_PER_PAGE", PER_PAGE)


class Many(dict):
    """{name: days since the steering team met}, and who is in Kladno's region or the analysis phase."""

    def __init__(self):
        super().__init__()
        self.other_region = {"Kladno"}
        self.analysis: set[str] = set()


@pytest.fixture
def many(consultant) -> Many:
    """Twelve municipalities besides Ostrava and Kladno (three pages). The odd ones are in Kladno's
    region; every fourth has a concept in the analysis phase."""
    days = Many()
    for i, d in enumerate(DAYS):
        m = MunicipalityFactory(slug=f"obec-s{i:02}", name=f"Obec S{i:02}",
                                region=OTHER_REGION if i % 2 else "Moravskoslezský kraj")
        Membership.objects.create(user=consultant, municipality=m, role=Role.CONSULTANT)
        steering(m, last_met_days_ago=d)
        if i % 2:
            days.other_region.add(m.name)
        if i % 4 == 0:
            ConceptFactory(municipality=m, phase=Phase.ANALYSIS)
            days.analysis.add(m.name)
        days[m.name] = d
    return days


def all_pages(client, **params) -> list[str]:
    names, page = [], 1
    while True:
        response = client.get("/consultant/", {**params, "page": page})
        names += row_names(response)
        if f"Page {page} of" not in response.content.decode() or f"Page {page} of {page}" in response.content.decode():
            return names
        page += 1


def by_cadence(days: dict[str, int]) -> list[str]:
    """Ascending "steering team last met": no steering team first (Kladno, Ostrava), then by days."""
    return ["Kladno", "Ostrava"] + sorted(days, key=days.get)


def test_a_sort_by_a_computed_column_orders_across_pages(client_for, consultant, many):
    client = client_for(consultant)
    first = row_names(client.get("/consultant/", {"sort": "cadence"}))
    second = row_names(client.get("/consultant/", {"sort": "cadence", "page": 2}))
    assert len(first) == PER_PAGE and len(second) == PER_PAGE
    expected = by_cadence(many)
    assert first + second == expected[:2 * PER_PAGE]  # page 2 starts where page 1 ended
    assert all_pages(client, sort="cadence") == expected
    assert all_pages(client, sort="-cadence") == expected[::-1]


def test_the_default_order_puts_the_most_reasons_first_across_pages(client_for, consultant, many):
    scope = list(Municipality.objects.filter(memberships__user=consultant).order_by("name"))
    reasons = attention_for_many(consultant, scope)
    expected = [m.name for m in sorted(scope, key=lambda m: (-len(reasons[m.pk]), m.name))]
    assert len({len(r) for r in reasons.values()}) > 1  # the order means something
    assert all_pages(client_for(consultant)) == expected


def test_the_filters_apply_to_every_municipality_not_to_a_page(client_for, consultant, many):
    client = client_for(consultant)
    region = [n for n in by_cadence(many) if n in many.other_region]
    response = client.get("/consultant/", {"region": OTHER_REGION, "sort": "cadence"})
    assert "7 municipalities" in response.content.decode() and len(row_names(response)) == PER_PAGE
    assert all_pages(client, region=OTHER_REGION, sort="cadence") == region
    analysis = [n for n in by_cadence(many) if n in many.analysis]
    assert all_pages(client, phase="analysis", sort="-cadence") == analysis[::-1]
    # a database sort pages on the database too
    assert all_pages(client, sort="-municipality") == sorted([*many, "Kladno", "Ostrava"], reverse=True)


def test_the_export_has_every_filtered_row_not_one_page(client_for, consultant, many,
                                                        django_capture_on_commit_callbacks, job_finished):
    client = client_for(consultant)
    job = job_finished(export(client, django_capture_on_commit_callbacks, sort="cadence"))
    table, _targets = sheets(job.file.read())
    assert [r[0] for r in table[1:]] == by_cadence(many)
    Job = type(job)
    Job.objects.all().delete()
    job = job_finished(export(client, django_capture_on_commit_callbacks, region=OTHER_REGION, sort="-cadence"))
    table, _targets = sheets(job.file.read())
    assert len(table) - 1 == 7


def test_a_write_to_one_municipality_reorders_the_pages(client_for, consultant, kladno_gestor, kladno, many,
                                                        django_capture_on_commit_callbacks):
    client = client_for(consultant)
    assert all_pages(client, sort="-composition")[-1] == "Kladno"  # no gaps anywhere: by name, descending
    with django_capture_on_commit_callbacks(execute=True):  # a working group with nobody in it: a gap
        group_create(municipality=kladno, actor=kladno_gestor, name="Pracovní skupina bydlení")
    response = client.get("/consultant/", {"sort": "-composition"})
    assert row_names(response)[0] == "Kladno"
    kladno_row = table_body(response).split("</tr>")[0]  # its cached HTML was replaced too
    assert "composition gaps" in kladno_row and "1 of 1" in kladno_row


def test_the_targets_link_their_drill_down_to_the_targets_page(client_for, consultant, many):
    client = client_for(consultant)
    body = client.get("/consultant/").content.decode()
    assert 'href="/consultant/targets/#t-participative"' in body
    assert "14 municipalities" in body.split('id="targets-caption"', 1)[1].split("</caption>", 1)[0]
    targets = client.get("/consultant/targets/").content.decode()
    section = targets.split('id="t-participative"', 1)[1].split("</section>", 1)[0]
    assert all(name in section for name in [*many, "Kladno", "Ostrava"])


def home_panels(client, page: int) -> list[str]:
    return re.findall(r'<section class="col-lg-6" aria-labelledby="m-([^"]+)"', client.get("/", {"page": page}).content.decode())


def test_the_home_page_ranks_every_municipality_and_shows_a_page_of_them(client_for, consultant, many):
    scope = list(Municipality.objects.filter(memberships__user=consultant).order_by("name"))
    reasons = attention_for_many(consultant, scope)
    expected = [m.slug for m in sorted(scope, key=lambda m: (-len(reasons[m.pk]), m.name))]
    client = client_for(consultant)
    pages = [home_panels(client, n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [PER_PAGE, PER_PAGE, 4]
    assert sum(pages, []) == expected
    assert "Page 1 of 3" in client.get("/").content.decode()


def test_a_renamed_municipality_shows_its_new_name_at_once(client_for, consultant, kladno, many):
    """No service renames a municipality (and bumps its version): its cached row must not outlive the name."""
    client = client_for(consultant)
    assert "Kladno" in row_names(client.get("/consultant/", {"sort": "municipality"}))
    Municipality.objects.filter(pk=kladno.pk).update(name="Kladno-město")
    names = row_names(client.get("/consultant/", {"sort": "municipality"}))
    assert "Kladno-město" in names and "Kladno" not in names


@pytest.mark.parametrize("sort", ["", "municipality", "-municipality", "phase", "-phase", "cadence", "-attention"])
def test_without_a_filter_the_order_is_the_databases_without_asking_it(consultant, many, sort):
    """Unfiltered and not by phase, the dashboard orders the scope it already read (by name, then
    id, as the filter's query does) instead of asking the database again: the same ids in the same
    order in a database sort, and in a computed sort the same ids by that column's keys."""
    from django.http import QueryDict

    from analytics.dashboard import COMPUTED, DATABASE_ORDER, DEFAULT_SORT, dashboard_filter, dashboard_for

    for _ in range(2):  # two more of a name already taken: the tie is broken by id, as on the database
        Membership.objects.create(user=consultant, municipality=MunicipalityFactory(name="Obec S03"),
                                  role=Role.CONSULTANT)
    params = QueryDict(f"sort={sort}")
    board = dashboard_for(consultant, params)
    from_the_database = list(dashboard_filter(consultant, params).qs.values_list("pk", flat=True))
    column = (sort or DEFAULT_SORT).lstrip("-")
    if column in DATABASE_ORDER:
        assert board.ids == from_the_database
    else:
        assert sorted(board.ids) == sorted(from_the_database)
        i, keys = COMPUTED.index(column), board.summary.value.keys
        shown = [keys[pk][i] for pk in board.ids]
        assert shown == sorted(shown, reverse=sort.startswith("-"))
