"""Exports of the indicator table: XLSX, and CSV in the Czech Excel dialect (";", decimal comma,
UTF-8 with BOM); a small count is hidden for the consultant; computed indicators recompute idempotently."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation

from analytics.indicators.computed import recompute_all
from analytics.indicators.exports import build_indicator_export
from analytics.models import ComputedKey, IndicatorValue, Source, ValueState
from portal.models import Job
from tests.analytics.factories import IndicatorFactory, PlanFactory, plan_with, value

pytestmark = pytest.mark.django_db


def export(user, municipality, fmt):
    job = Job.objects.create(kind="t", title="t", task_name="t", permission="analytics.view_indicators",
                             municipality=municipality, params={"user": user.pk, "format": fmt, "language": "cs"})
    return build_indicator_export(job, lambda *a: None)


def test_the_csv_is_in_the_czech_excel_dialect(ostrava, gestor):
    plan = plan_with(ostrava, code="SB04", name="Dluh na nájemném", unit="mil. Kč")
    value(plan, 2025, "98.5")
    name, content, content_type = export(gestor, ostrava, "csv")
    assert name.endswith(".csv") and content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Kód;Ukazatel;Jednotka;Období;Hodnota")
    assert row.startswith("SB04;Dluh na nájemném;mil. Kč;2025;98,5;schváleno")
    assert ";31. 12. 2026;" in row  # the target date as Czech writes it


def test_the_xlsx_has_the_numbers_as_numbers(ostrava, gestor):
    from openpyxl import load_workbook

    plan = plan_with(ostrava, code="SB04")
    value(plan, 2025, "98.5")
    _name, content, _type = export(gestor, ostrava, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "SB04" and sheet["E2"].value == 98.5


def test_a_small_count_is_hidden_from_the_consultant_not_0(ostrava, gestor, consultant):
    plan = plan_with(ostrava, code="SB01", small_count=True)
    value(plan, 2025, 3)
    def value_cell(user):
        with translation.override("cs"):
            return export(user, ostrava, "csv")[1].decode("utf-8-sig").splitlines()[1].split(";")[4]

    assert value_cell(gestor) == "3"
    assert value_cell(consultant) == "skryto (méně než 5)"


def test_computed_indicators_recompute_idempotently_and_keep_locked_values(ostrava):
    plan = PlanFactory(municipality=ostrava, indicator=IndicatorFactory(
        code="SB07", source=Source.COMPUTED, computed_key=ComputedKey.PARTICIPATIVE_MEETINGS))
    assert recompute_all() == 1
    assert recompute_all() == 0  # the same figures: nothing written again
    current = IndicatorValue.objects.get(plan=plan)
    assert current.value == Decimal(0) and current.state == ValueState.APPROVED and current.source == "computed"
    IndicatorValue.objects.filter(pk=current.pk).update(state=ValueState.LOCKED, value=Decimal(5))
    recompute_all()
    assert IndicatorValue.objects.get(pk=current.pk).value == Decimal(5)


def test_the_nightly_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["analytics-recompute-indicators"]
    assert entry["task"] == "analytics.indicators.tasks.recompute_computed_indicators"
    from analytics.indicators.tasks import recompute_computed_indicators

    assert recompute_computed_indicators.name == entry["task"]
