"""Defects of issue 14 in the concept, each with a test that failed before its fix."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats, translation

from concepts.exports import measure_rows
from concepts.models import Section
from portal.formatting import NBSP, cz_czk, cz_quantity

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_serves_links_on_the_port_it_runs_on():
    out = subprocess.run(["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    line = next(line for line in out.splitlines() if "runserver" in line)
    assert "SITE_URL" in line and "http://127.0.0.1:8123" in line  # was 8000 for every e-mail and feed link


@pytest.mark.django_db
def test_saving_a_measure_says_measure(client_for, concept, programme, writer):
    measure = Section.objects.get(pk=programme[0].pk)
    url = f"/m/ostrava/concept/{concept.pk}/sections/{measure.pk}/edit/"
    response = client_for(writer).post(url, {"edit_version": measure.edit_version, "title": measure.title,
                                             "body": "Nový text."}, follow=True)
    html = response.content.decode()
    assert "Opatření bylo uloženo." in html and "Kapitola byla uložena" not in html


def test_an_indicator_reads_40_flats_not_40_00_flat():
    assert cz_quantity("40.00", "byt") == f"40{NBSP}bytů"
    assert cz_quantity(2, "byt") == f"2{NBSP}byty" and cz_quantity(1, "byt") == f"1{NBSP}byt"
    rows = dict(measure_rows({"indicators": [{"name": "Sociální byty", "unit": "byt", "target": "40.00"}],
                              "findings": [{"statement": "Bytů je málo."}, {"statement": "Nájmy rostou"}]}))
    values = list(rows.values())
    assert f"Sociální byty: 40{NBSP}bytů" in values
    assert "Bytů je málo. Nájmy rostou." in values  # was "Bytů je málo.; Nájmy rostou"


def test_figures_never_break_across_lines():
    from concepts.templatetags.concept_tags import czk

    figure = f"4{NBSP}000{NBSP}Kč"  # was "4 000 Kč": the line could break before "Kč"
    with translation.override("cs"):
        assert czk(4000) == figure  # pages
        assert dict(measure_rows({"cost_czk": 4000}))["Odhad nákladů"] == figure  # PDF and DOCX
    assert cz_czk(4000) == figure


def test_one_czech_date_format_everywhere():
    with translation.override("cs"):
        assert formats.date_format(date(2027, 1, 1), "SHORT_DATE_FORMAT") == "1. 1. 2027"  # was 01.01.2027
        assert formats.date_format(date(2027, 1, 1), "DATE_FORMAT") == "1. 1. 2027"


@pytest.mark.django_db
def test_the_outline_shows_comment_counts_per_section(client_for, concept, programme, writer, gestor):
    from tests.rounds.factories import CommentFactory, RoundFactory, VersionFactory, VersionSectionFactory

    measure = programme[0]
    version = VersionFactory(concept=concept, number=1)
    frozen = VersionSectionFactory(version=version, uid=measure.uid, kind="measure", number=measure.number)
    round = RoundFactory(version=version, created_by=gestor)
    for _ in range(2):
        CommentFactory(round=round, section=frozen)
    html = client_for(writer).get(concept.get_absolute_url()).content.decode()
    item = html[html.index(f'id="o-{measure.uid}"'):]
    item = item[:item.index("</li>")]
    assert 'data-testid="comment-count"' in item and "2 připomínky" in item


@pytest.mark.django_db
def test_the_municipality_overview_shows_the_phase_stepper(client_for, concept, gestor):
    html = client_for(gestor).get(reverse("municipality_detail", args=["ostrava"])).content.decode()
    assert 'data-testid="phase-stepper"' in html and 'aria-current="step"' in html


@pytest.mark.django_db
def test_a_measure_keeps_several_funding_sources(client_for, concept, programme, writer):
    measure = Section.objects.get(pk=programme[0].pk)
    url = f"/m/ostrava/concept/{concept.pk}/sections/{measure.pk}/edit/"
    client_for(writer).post(url, {"edit_version": measure.edit_version, "title": measure.title, "body": "x",
                                  "funding_sources": ["irop", "municipal"]})
    measure.refresh_from_db()
    assert measure.funding_sources == ["irop", "municipal"]
    listing = client_for(writer).get(reverse("concepts:measure_list", args=["ostrava", concept.pk]),
                                     {"funding_source": "municipal"})
    assert [m.pk for m in listing.context["page"].object_list] == [measure.pk]
