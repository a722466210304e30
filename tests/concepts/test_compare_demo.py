"""Acceptance 2: comparing the demo's two versions shows a measure's changed cost and funding with
old and new values, and the comments that led to the change; a settlement links to the exact
section of the next version."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from concepts.diff import field_changes
from concepts.models import Concept, VersionSection
from concepts.rounds.models import Round, Settlement


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _client(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_comparison_shows_old_and_new_cost_and_funding_and_the_comments(demo):
    concept = Concept.objects.get(municipality__slug="ostrava")
    page = _client("metodik.ostrava").get(reverse("concepts:version_compare", args=["ostrava", concept.pk]),
                                          {"a": 1, "b": 2})
    assert page.status_code == 200
    change = next(c for c in page.context["diff"].changes if c.section.title == "Zavést kauční fond")
    fields = {f.name: f for f in change.fields}
    assert (fields["cost_czk"].old, fields["cost_czk"].new) == ("1\u00a0500\u00a0000 Kč", "2\u00a0400\u00a0000 Kč")
    assert fields["funding_sources"].old == "rozpočet obce" or "obce" in fields["funding_sources"].old
    assert "OP Z+" in fields["funding_sources"].new and "," in fields["funding_sources"].new
    assert "Armáda spásy" in fields["partners"].new
    round = Round.objects.get(municipality__slug="ostrava", version__number=1)
    expected = sorted(Settlement.objects.filter(comment__round=round, next_section_uid=change.new.uid,
                                                outcome__in=["accepted", "partly"]).values_list("comment__number", flat=True))
    assert change.comment_numbers == expected and 17 in expected
    html = page.content.decode()
    assert "1\u00a0500\u00a0000 Kč" in html and "2\u00a0400\u00a0000 Kč" in html
    item = html[html.index(f'id="d-{change.uid}"'):]
    item = item[:item.index("</li>")]
    because = item[item.index('data-testid="because"'):]
    assert ", ".join(str(n) for n in expected) in because


@pytest.mark.django_db
def test_a_settlement_links_to_the_section_of_the_next_version(demo):
    round = Round.objects.get(municipality__slug="ostrava", version__number=1)
    settlement = Settlement.objects.filter(comment__round=round, comment__number=17).get()
    target = VersionSection.objects.get(version__concept=round.version.concept, version__number=2,
                                        uid=settlement.next_section_uid)
    assert target.title == "Zavést kauční fond"
    page = _client("metodik.ostrava").get(reverse("rounds:settlement_table", args=["ostrava", round.pk]))
    assert f"{target.number} {target.title}" in page.content.decode()


def test_only_changed_measure_details_are_listed():
    old = {"cost_czk": 100, "funding_sources": ["irop"], "partners": ["A"], "indicators": [
        {"name": "Byty", "unit": "byt", "target": "40.00"}]}
    new = {"cost_czk": 100, "funding_sources": ["irop", "state"], "partners": ["A"], "indicators": [
        {"name": "Byty", "unit": "byt", "target": "45.00"}]}
    changes = {c.name: c for c in field_changes(old, new)}
    assert set(changes) == {"funding_sources", "indicators"}
    assert changes["indicators"].old == "Byty: 40\u00a0bytů" and changes["indicators"].new == "Byty: 45\u00a0bytů"
