"""Dates at the edge of what Django parses (found by the fuzzer, issue 13): the portal counts from a
typed date (the day after "as of", a month's last day, reviews months after a move-in), and from 31
December 9999 that is an OverflowError, a 500. A date outside 1900–2199 is now refused next to its
field (``portal.form_fields.DateField``), and a reference date in the query string falls back to today."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pilots.models import EvaluationReport, Placement

pytestmark = pytest.mark.django_db



def refused(form, field: str) -> bool:
    [error] = form.errors.as_data()[field]
    return error.code == "implausible_date" and "1900" in error.messages[0] and "2199" in error.messages[0]


def test_an_evaluation_as_of_the_last_day_of_9999_is_refused_next_to_the_field(client_for, gestor, crisis):
    url = reverse("pilots:evaluation_list", args=["ostrava", crisis.pk])
    for as_of in ("9999-12-31", "0001-01-01"):
        response = client_for(gestor).post(url, {"title": "Evaluace", "as_of": as_of})
        assert response.status_code == 200
        assert refused(response.context["form"], "as_of")
    assert not EvaluationReport.objects.exists()


@pytest.mark.parametrize("persona,as_of", [("coordinator", "9999-12-31"), ("consultant", "9999-12"),
                                           ("coordinator", "0001-01-01")])
def test_figures_as_of_the_year_9999_fall_back_to_today(request, client_for, crisis, persona, as_of):
    response = client_for(request.getfixturevalue(persona)).get(crisis.get_absolute_url(), {"as_of": as_of})
    assert response.status_code == 200
    assert response.context["as_of"] <= timezone.localdate()


def test_a_move_in_in_9999_is_refused_next_to_the_field(client_for, social_worker, accepted, flat):
    url = reverse("pilots:placement_create", args=["ostrava", accepted.pk])
    response = client_for(social_worker).post(url, {"flat": flat.pk, "move_in": "9999-12-01", "contract": "accommodation"})
    assert response.status_code == 200
    assert refused(response.context["form"], "move_in")
    assert not Placement.objects.exists()
