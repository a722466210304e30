"""The coordinator's caseload view and the fidelity self-assessment."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pilots import services
from pilots.models import (
    FIDELITY_SCALE_MAX,
    HOUSING_FIRST_PRINCIPLES,
    FidelityAssessment,
    PlanReview,
    SupportContact,
    SupportPlan,
)
from pilots.reports import fidelity_trend

from .factories import ProgrammeFactory, housed

pytestmark = pytest.mark.django_db


def test_the_caseload_shows_workers_intensity_alerts_unassigned_programmes_and_overdue_reviews(
    client_for, coordinator, social_worker, crisis, ostrava
):
    today = timezone.localdate()
    seen, neglected = housed(crisis, today - timedelta(days=90)), housed(crisis, today - timedelta(days=90))
    for days in (3, 10):
        SupportContact.objects.create(household=seen.household, programme=crisis, worker=social_worker,
                                      date=today - timedelta(days=days), minutes=60, mode="home_visit")
    plan = SupportPlan.objects.create(household=neglected.household, programme=crisis, started_on=today - timedelta(days=90))
    PlanReview.objects.create(plan=plan, due_on=today - timedelta(days=5))
    ProgrammeFactory(municipality=ostrava, name="Bez pracovníka")

    response = client_for(coordinator).get(reverse("pilots:caseload", args=["ostrava"]))

    assert response.status_code == 200
    ctx = response.context
    worker = [row for row in ctx["workers"] if row["worker"] == social_worker][0]
    assert (worker["households"], worker["contacted"]) == (2, 1)
    below = {row["household"].code: row["below"] for row in ctx["intensity"]}
    assert below == {seen.household.code: False, neglected.household.code: True}  # minimum 2 a month
    assert [p.name for p in ctx["unassigned"]] == ["Bez pracovníka"]
    assert [r.plan.household.code for r in ctx["overdue"]] == [neglected.household.code]


@pytest.mark.parametrize("persona,status", [("social_worker", 404), ("consultant", 404), ("writer", 404), ("outsider", 404)])
def test_the_caseload_is_the_coordinators(client_for, request, persona, status, crisis):
    assert client_for(request.getfixturevalue(persona)).get(reverse("pilots:caseload", args=["ostrava"])).status_code == status


def test_the_caseload_requires_login(client):
    assert client.get(reverse("pilots:caseload", args=["ostrava"])).status_code == 302


def test_a_new_programme_starts_from_the_eight_housing_first_principles_and_scores_them_over_time(gestor, ostrava):
    programme = services.programme_save(programme=ProgrammeFactory.build(municipality=ostrava, name="HF"))
    items = list(programme.fidelity_items.all())
    assert [i.text for i in items] == list(HOUSING_FIRST_PRINCIPLES)
    services.fidelity_item_save(item=programme.fidelity_items.model(programme=programme, text="Tým do 10 domácností na pracovníka"),
                                actor=gestor)
    items = list(programme.fidelity_items.all())
    assert len(items) == 9 and items[-1].position == 9
    services.fidelity_assessment_record(programme=programme, actor=gestor, assessed_on=date(2025, 1, 31),
                                        scores=dict.fromkeys(items, 2))
    services.fidelity_assessment_record(programme=programme, actor=gestor, assessed_on=date(2025, 7, 31),
                                        scores=dict.fromkeys(items, 3))
    trend = fidelity_trend(programme)
    assert [(t["total"], t["maximum"]) for t in trend] == [(18, 9 * FIDELITY_SCALE_MAX), (27, 36)]
    assert trend[1]["share_text"] == "75,0 %"  # 27 / 36
    with pytest.raises(ValidationError):
        services.fidelity_assessment_record(programme=programme, actor=gestor, assessed_on=date(2025, 8, 31), scores={items[0]: 4})
    assert FidelityAssessment.objects.count() == 2


def test_the_fidelity_trend_is_frozen_into_the_evaluation(crisis, writer):
    services.fidelity_items_seed(programme=crisis)
    services.fidelity_assessment_record(programme=crisis, actor=writer, assessed_on=date(2025, 1, 31),
                                        scores=dict.fromkeys(crisis.fidelity_items.all(), 4))
    report = services.evaluation_create(programme=crisis, actor=writer, title="Evaluace", as_of=date(2025, 3, 31))
    assert report.snapshot["fidelity"][0]["share_text"] == "100,0 %"


def test_the_fidelity_page_records_an_assessment_through_the_form(client_for, coordinator, consultant, crisis):
    services.fidelity_items_seed(programme=crisis)
    url = reverse("pilots:fidelity", args=["ostrava", crisis.pk])
    items = list(crisis.fidelity_items.all())
    data = {"assess": "1", "assess-assessed_on": "2025-02-28", **{f"assess-item_{i.pk}": "3" for i in items}}
    assert client_for(coordinator).post(url, data).status_code == 302
    assert FidelityAssessment.objects.get().scores.count() == 8
    page = client_for(consultant).get(url)
    assert page.status_code == 200 and "75,0 %" in page.content.decode()
    client_for(consultant).post(url, {**data, "assess-assessed_on": "2025-03-31"})
    assert FidelityAssessment.objects.count() == 1
