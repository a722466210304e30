"""Issue 13: two people record the same plan review at the same moment. The plan's row lock takes
them one after the other, and the second is refused: the review is recorded once, and one next
review is scheduled (before, both were told "saved" and the review was written twice)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from pilots import services
from pilots.models import PlanReview, SupportPlan
from tests.conftest import poll

from .factories import HouseholdFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def test_two_sessions_recording_one_review_record_it_once(postgres, crisis, social_worker, coordinator):
    household = HouseholdFactory(programme=crisis)
    plan = SupportPlan.objects.create(household=household, programme=crisis, started_on=date(2025, 1, 1), review_every_months=3)
    due = PlanReview.objects.create(plan=plan, due_on=date(2025, 4, 1))
    first_recorded, second_pid, outcomes = threading.Event(), [], {}

    def first():
        try:
            with transaction.atomic():
                services.plan_review_record(plan=plan, actor=coordinator, done_on=date(2025, 3, 30), note="první", seen_due=due.pk)
                first_recorded.set()
                # Commit only once the second session is waiting on a lock held by this one.
                poll(lambda: second_pid and _waiting_on_a_lock(second_pid[0]), timeout=30, what="the second session waiting")
            outcomes["first"] = "saved"
        finally:
            first_recorded.set()
            connections.close_all()

    def second():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            first_recorded.wait(timeout=30)
            services.plan_review_record(plan=plan, actor=social_worker, done_on=date(2025, 3, 31), note="druhá", seen_due=due.pk)
            outcomes["second"] = "saved"
        except ValidationError:
            outcomes["second"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == {"first": "saved", "second": "refused"}
    done = PlanReview.objects.filter(plan=plan, done_on__isnull=False)
    assert [(r.pk, r.done_on, r.note) for r in done] == [(due.pk, date(2025, 3, 30), "první")]
    assert PlanReview.objects.filter(plan=plan, done_on__isnull=True).count() == 1  # one next review


def test_it_refuses_a_review_form_loaded_before_the_review_was_recorded(client_for, crisis, coordinator):
    from django.urls import reverse

    household = HouseholdFactory(programme=crisis)
    plan = SupportPlan.objects.create(household=household, programme=crisis, started_on=date(2025, 1, 1), review_every_months=3)
    due = PlanReview.objects.create(plan=plan, due_on=date(2025, 4, 1))
    url = reverse("pilots:plan_detail", args=["ostrava", plan.pk])
    client = client_for(coordinator)
    assert client.get(url).context["review_form"].initial["seen_due"] == due.pk
    data = {"review": "1", "review-done_on": "2025-03-30", "review-note": "", "review-seen_due": due.pk}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "review-note": "znovu"})
    assert again.status_code == 200 and again.context["review_form"].non_field_errors()
    assert PlanReview.objects.filter(plan=plan, done_on__isnull=False).count() == 1
