"""The concept pages: outline, measures table, findings, versions; permissions and query counts."""

from datetime import date

import pytest

from concepts.models import Concept, Phase, Section
from concepts.services import concept_update, progress_note_add, version_freeze

from .conftest import build_programme
from .factories import FindingFactory


def url(concept, suffix=""):
    return f"/m/{concept.municipality.slug}/concept/{concept.pk}/{suffix}"


PAGES = ["", "findings/", "measures/", "versions/", "versions/compare/"]


@pytest.mark.parametrize("suffix", PAGES)
def test_it_requires_login(client, concept, suffix):
    response = client.get(url(concept, suffix))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("suffix", PAGES)
def test_it_is_404_for_an_outsider_and_a_partner(client_for, concept, outsider, partner, suffix):
    assert client_for(outsider).get(url(concept, suffix)).status_code == 404
    assert client_for(partner).get(url(concept, suffix)).status_code == 404


@pytest.mark.parametrize("suffix", PAGES)
def test_read_only_roles_read_but_do_not_get_edit_actions(client_for, concept, member, consultant, suffix):
    for user in (member, consultant):
        response = client_for(user).get(url(concept, suffix))
        assert response.status_code == 200
        assert "/edit/" not in response.content.decode()


def test_another_municipality_url_cannot_reach_the_concept(client_for, concept, kladno_gestor):
    assert client_for(kladno_gestor).get(f"/m/kladno/concept/{concept.pk}/").status_code == 404


def test_the_outline_shows_numbers_groups_and_evidence_share(client_for, concept, programme, writer):
    finding = FindingFactory(concept=concept)
    programme[0].findings.add(finding)
    programme[1].findings.add(finding)
    html = client_for(writer).get(url(concept)).content.decode()
    assert "1.1.1</span> Opatření 1.1.1" in html
    assert "25 %" in html  # 2 of 8 measures linked


def test_the_outline_runs_a_fixed_number_of_queries(client_for, concept, writer, django_assert_max_num_queries):
    client = client_for(writer)
    build_programme(concept, writer, priorities=1, goals=1, measures=2)
    client.get(url(concept))
    with django_assert_max_num_queries(16) as small:  # +2: comment counts per section, unread notifications
        client.get(url(concept))
    build_programme(concept, writer, priorities=3, goals=3, measures=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(concept)).status_code == 200


def test_the_measures_table_runs_a_fixed_number_of_queries(client_for, concept, writer, django_assert_max_num_queries):
    client = client_for(writer)
    build_programme(concept, writer, priorities=1, goals=1, measures=2)
    with django_assert_max_num_queries(20) as small:
        client.get(url(concept, "measures/"))
    build_programme(concept, writer, priorities=3, goals=3, measures=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(concept, "measures/")).status_code == 200


@pytest.fixture
def tracked(concept, programme, gestor, writer, ngo):
    concept_update(concept=concept, actor=gestor, can_approve=True, phase=Phase.IMPLEMENTATION,
                   resolution_number="ZM 1/2026", resolution_date=date(2026, 1, 5))
    Section.objects.filter(pk=programme[0].pk).update(responsible_organisation=ngo, funding_sources=["irop"])
    progress_note_add(section=programme[0], actor=writer, noted_on=date(2026, 2, 1), text="Hotovo", status="done",
                      progress=100)
    progress_note_add(section=programme[5], actor=writer, noted_on=date(2026, 2, 1), text="Zpoždění",
                      status="delayed", progress=10)
    return concept


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "done"}, ["Opatření 1.1.1"]),
        ({"status": "delayed"}, ["Opatření 2.1.2"]),
        ({"funding_source": "irop"}, ["Opatření 1.1.1"]),
        ({"responsible": "ngo"}, ["Opatření 1.1.1"]),
        ({"priority": "p2", "status": "delayed"}, ["Opatření 2.1.2"]),
        ({"priority": "p1", "status": "delayed"}, []),
    ],
)
def test_the_measures_table_filters(client_for, tracked, member, ngo, params, expected):
    priorities = {s.title: s.pk for s in Section.objects.filter(concept=tracked, kind="priority")}
    params = {k: {"ngo": ngo.pk, "p1": priorities["Priorita 1"], "p2": priorities["Priorita 2"]}.get(v, v)
              for k, v in params.items()}
    response = client_for(member).get(url(tracked, "measures/"), params)
    assert response.status_code == 200
    shown = [m.title for m in response.context["page"]]
    assert shown == expected


def test_the_measures_table_shows_the_roll_up(client_for, tracked, member):
    html = client_for(member).get(url(tracked, "measures/")).content.decode()
    assert "Cíl 1.1" in html and "50 %" in html  # (100 + 0) / 2


def test_a_writer_creates_a_concept_from_the_template(client_for, ostrava, writer, gestor):
    response = client_for(writer).post("/m/ostrava/concept/new/", {
        "title": "Nová koncepce", "valid_from": 2026, "valid_to": 2031, "vision": "Vize", "gestor": gestor.pk,
        "writer": writer.pk, "from_template": "on",
    })
    concept = Concept.objects.get(title="Nová koncepce")
    assert response.status_code == 302 and response["Location"] == concept.get_absolute_url()
    kinds = list(Section.objects.filter(concept=concept).order_by("position").values_list("kind", "number"))
    assert kinds[:2] == [("chapter", "1"), ("chapter", "2")] and len(kinds) == 10 and kinds[-1] == ("vision", "")


def test_a_member_cannot_create_a_concept(client_for, ostrava, member):
    assert client_for(member).post("/m/ostrava/concept/new/", {"title": "x"}).status_code == 404
    assert not Concept.objects.filter(title="x").exists()


def test_version_page_renders_the_shared_partial(client_for, concept, programme, writer, member):
    version = version_freeze(concept=concept, actor=writer, steering_approved_on=date(2026, 1, 10),
                             approval_note="ŘT")
    html = client_for(member).get(version.get_absolute_url()).content.decode()
    first = version.sections.order_by("order").first()
    assert f'id="s-{first.uid}"' in html
    assert "1.1.1" in html
