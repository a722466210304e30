"""The period cycle draft → submitted → approved → locked → reopened, through the pages, with the
roles that may and may not take each step; validation flags and their comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from analytics.indicators.services import value_enter
from analytics.models import IndicatorValue, ValidationFlag, ValueEvent, ValueState
from portal.models import AuditEntry
from tests.analytics.factories import plan_with, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(ostrava):
    return plan_with(ostrava, code="SB02", valid_min=0, valid_max=1000)


def step(client, v, name, **data):
    return client.post(reverse("analytics:value_step", args=["ostrava", v.pk, name]), data)


def state(v):
    v.refresh_from_db()
    return v.state


def test_the_whole_cycle_with_the_roles_that_may(plan, writer, consultant, gestor, client_for):
    v = value(plan, 2025, 120, state=ValueState.DRAFT)
    assert step(client_for(writer), v, "submit").status_code == 302 and state(v) == ValueState.SUBMITTED
    assert step(client_for(consultant), v, "approve", comment="OK").status_code == 302
    assert state(v) == ValueState.APPROVED and v.approved_by == consultant
    step(client_for(consultant), v, "lock")
    assert state(v) == ValueState.LOCKED
    step(client_for(gestor), v, "reopen", reason="")  # no reason: refused
    assert state(v) == ValueState.LOCKED
    step(client_for(gestor), v, "reopen", reason="Opravený výkaz z odboru majetku.")
    assert state(v) == ValueState.REOPENED and v.reopen_reason == "Opravený výkaz z odboru majetku."
    assert [e.action for e in v.events.order_by("pk")] == ["submit", "approve", "lock", "reopen"]
    audit = AuditEntry.objects.get(object_id=str(v.pk))
    assert audit.actor == gestor and audit.detail["reason"] == "Opravený výkaz z odboru majetku."


@pytest.mark.parametrize(
    ("persona", "name", "from_state"),
    [
        ("member", "submit", ValueState.DRAFT),
        ("consultant", "submit", ValueState.DRAFT),
        ("writer", "approve", ValueState.SUBMITTED),
        ("gestor", "approve", ValueState.SUBMITTED),
        ("writer", "lock", ValueState.APPROVED),
        ("writer", "reopen", ValueState.LOCKED),
        ("member", "reopen", ValueState.LOCKED),
    ],
)
def test_the_roles_that_may_not_are_refused(request, plan, client_for, persona, name, from_state):
    v = value(plan, 2025, 120, state=from_state)
    response = step(client_for(request.getfixturevalue(persona)), v, name, reason="x", comment="x")
    assert response.status_code == 403 and state(v) == from_state


def test_another_municipality_gets_404(plan, outsider, kladno_gestor, client_for):
    v = value(plan, 2025, 120, state=ValueState.SUBMITTED)
    for user in (outsider, kladno_gestor):
        assert step(client_for(user), v, "approve").status_code == 404
        assert client_for(user).get(reverse("analytics:value_detail", args=["ostrava", v.pk])).status_code == 404


def test_a_step_out_of_order_is_refused_with_a_message(plan, consultant, client_for):
    v = value(plan, 2025, 120, state=ValueState.DRAFT)
    response = step(client_for(consultant), v, "approve")
    assert response.status_code == 302 and state(v) == ValueState.DRAFT


def test_an_out_of_range_value_is_flagged_and_cannot_be_submitted_without_a_comment(plan, writer, client_for):
    v = value_enter(plan=plan, period=date(2025, 1, 1), amount=Decimal(5000), actor=writer)
    [flag] = v.flags.all()
    assert flag.is_open and flag.kind == ValidationFlag.Kind.OUT_OF_RANGE and "highest valid value 1,000" in flag.message
    client = client_for(writer)
    step(client, v, "submit")
    assert state(v) == ValueState.DRAFT
    client.post(reverse("analytics:flag_comment", args=["ostrava", flag.pk]), {"comment": ""})
    flag.refresh_from_db()
    assert flag.is_open
    client.post(reverse("analytics:flag_comment", args=["ostrava", flag.pk]),
                {"comment": "Sčítáme nově i byty obvodů.", "follow_up": "on"})
    flag.refresh_from_db()
    assert flag.state == ValidationFlag.State.EXPLAINED and flag.follow_up and flag.commented_by == writer
    step(client, v, "submit")
    assert state(v) == ValueState.SUBMITTED


def test_correcting_a_flagged_value_resolves_the_flag(plan, writer):
    v = value_enter(plan=plan, period=date(2025, 1, 1), amount=Decimal(5000), actor=writer)
    value_enter(plan=plan, period=date(2025, 1, 1), amount=Decimal(500), actor=writer)
    assert v.flags.get().is_resolved


def test_a_value_far_from_the_history_is_flagged(ostrava, writer):
    plan = plan_with(ostrava, code="X")
    for year, amount in ((2021, 100), (2022, 102), (2023, 98), (2024, 101)):
        value(plan, year, amount)
    flagged = value_enter(plan=plan, period=date(2025, 1, 1), amount=Decimal(400), actor=writer,
                          comment="Nová metodika sčítání.")
    flag = flagged.flags.get()
    assert flag.kind == ValidationFlag.Kind.OUTLIER and flag.state == ValidationFlag.State.EXPLAINED
    normal = value_enter(plan=plan, period=date(2026, 1, 1), amount=Decimal(103), actor=writer)
    assert not normal.flags.exists()


def test_the_consultant_approves_in_bulk_with_a_comment(ostrava, plan, consultant, client_for):
    values = [value(plan, y, 100 + y % 10, state=ValueState.SUBMITTED) for y in (2023, 2024, 2025)]
    client = client_for(consultant)
    assert client.get(reverse("consultant:approvals")).status_code == 200
    response = client.post(reverse("consultant:approvals"),
                           {"values": [values[0].pk, values[2].pk], "comment": "Hromadně schváleno."})
    assert response.status_code == 302
    assert [state(v) for v in values] == [ValueState.APPROVED, ValueState.SUBMITTED, ValueState.APPROVED]
    assert values[0].review_comment == "Hromadně schváleno."
    assert ValueEvent.objects.filter(action="approve").count() == 2


def test_the_approval_queue_is_refused_to_officials(gestor, client_for):
    assert client_for(gestor).get(reverse("consultant:approvals")).status_code == 403


def test_reopening_needs_a_reason_in_the_service(plan, consultant):
    from django.core.exceptions import ValidationError

    from analytics.indicators.services import value_reopen

    v = value(plan, 2025, 1, state=ValueState.LOCKED)
    with pytest.raises(ValidationError):
        value_reopen(value=v, actor=consultant, reason="  ")
    assert IndicatorValue.objects.get(pk=v.pk).state == ValueState.LOCKED


def test_it_shows_both_versions_when_someone_saved_the_value_first(plan, writer, gestor, client_for):
    """The value page saves through portal.concurrency.versioned_edit: the second save of the same
    loaded version gets the conflict page (409) with both versions, the form carries the saved
    version, and nothing of the second person is written until they send it again."""
    v = value(plan, 2025, 120, state=ValueState.DRAFT)
    url = reverse("analytics:value_detail", args=["ostrava", v.pk])
    first, second = client_for(writer), client_for(gestor)
    loaded = first.get(url).context["form"].initial["edit_version"]
    assert second.get(url).context["form"].initial["edit_version"] == loaded
    assert first.post(url, {"value": "130", "note": "Petr", "edit_version": loaded}).status_code == 302
    lost = second.post(url, {"value": "140", "note": "Lucie", "edit_version": loaded})
    assert lost.status_code == 409 and "Someone else saved this record" in lost.content.decode()
    rows = {row["label"]: (row["theirs"], row["yours"]) for row in lost.context["conflict_rows"]}
    assert rows["Value"] == ("130", "140") and rows["Note"] == ("Petr", "Lucie")
    v.refresh_from_db()
    assert (v.value, v.note) == (Decimal(130), "Petr")
    assert lost.context["form"]["edit_version"].value() == str(v.edit_version)
    again = second.post(url, {"value": "140", "note": "Lucie", "edit_version": v.edit_version})
    assert again.status_code == 302
    v.refresh_from_db()
    assert (v.value, v.note) == (Decimal(140), "Lucie")
