"""The demo data of datasets and indicators: imported from the shipped files, idempotent, with one
indicator off track, one open flag awaiting a comment and one period awaiting approval in Ostrava,
and the population chart embedded in Ostrava's socio-demographic chapter."""

from __future__ import annotations

import pytest
from django.utils import timezone

from analytics.indicators.selectors import indicator_attention
from analytics.models import (
    DatasetCitation,
    DatasetVersion,
    IndicatorValue,
    MunicipalityIndicator,
    ValidationFlag,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo")
        call_command("load_demo")  # twice: nothing doubles
    yield
    with django_db_blocker.unblock():
        from django.core.management import call_command as _call

        _call("flush", "--noinput")


@pytest.mark.django_db
def test_the_demo_has_datasets_indicators_and_the_cases_reviewers_look_for(demo):
    from portal.models import Municipality

    assert DatasetVersion.objects.filter(is_complete=True).count() == 4
    ostrava = Municipality.objects.get(slug="ostrava")
    assert MunicipalityIndicator.objects.filter(municipality=ostrava, indicator__municipality=None).count() == 9
    attention = indicator_attention([ostrava.pk], today=timezone.localdate())[ostrava.pk]
    assert attention["off_track_codes"] == ["SB03"] and attention["open_flags"] == 1
    assert ValidationFlag.objects.filter(state="open", comment="").count() == 1
    assert IndicatorValue.objects.filter(state="submitted", plan__municipality=ostrava).count() == 1
    population = IndicatorValue.objects.filter(plan__indicator__code="OB01", source="imported")
    assert population.count() == 6 and population.get(period_start__year=2025).value == 279791
    citation = DatasetCitation.objects.get()
    assert citation.section.concept.municipality == ostrava and citation.version.dataset.source == "ČSÚ"
