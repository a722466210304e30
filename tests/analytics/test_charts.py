"""Charts: an accessible SVG, a table that matches the data, a hidden value drawn as hidden."""

import re
from decimal import Decimal

from django.utils import translation

from analytics.charts import HIDDEN, line_chart, sparkline


def chart(**kwargs):
    with translation.override("cs"):
        return line_chart(
            title="Počet obyvatel", unit="osob",
            points=[("2023", Decimal("284765")), ("2024", Decimal("283187.5")), ("2025", HIDDEN), ("2026", None)],
            baseline=Decimal(284000), target=Decimal(290000), **kwargs,
        )


def test_it_has_a_title_and_a_desc():
    c = chart()
    assert re.search(r"<svg[^>]*role=\"img\"", c.svg)
    assert "<title id=" in c.svg and ">Počet obyvatel</title>" in c.svg
    assert "<desc id=" in c.svg and c.description in c.svg


def test_its_table_matches_the_data():
    rows = [(r.label, r.value) for r in chart().rows]
    assert rows[:2] == [("2023", "284\xa0765 osob"), ("2024", "283\xa0187,5 osob")]
    assert rows[-2][1] == "284\xa0000 osob" and rows[-1][1] == "290\xa0000 osob"


def test_it_draws_a_hidden_value_as_hidden_not_0():
    c = chart()
    assert c.rows[2].value != "0" and "5" in c.rows[2].value  # "skryto (méně než 5)"
    with translation.override("en"):
        english = line_chart(title="t", points=[("2024", 3), ("2025", HIDDEN)])
    assert ">hidden</text>" in english.svg
    assert english.rows[1].value == "hidden (fewer than 5)"


def test_it_uses_no_inline_styles_and_scales_to_the_page():
    c = chart()
    assert " style=" not in c.svg and "<style" not in c.svg
    assert 'width="100%"' in c.svg.split(">", 1)[0]


def test_the_same_data_gives_the_same_svg():
    assert chart().svg == chart().svg


def test_it_escapes_the_title():
    c = line_chart(title="<script>x</script>", points=[("2024", 1)])
    assert "<script>" not in c.svg


def test_a_sparkline_leaves_hidden_values_out():
    svg = sparkline([1, 2, HIDDEN, 4], label="Ukazatel")
    assert "<title>Ukazatel</title>" in svg and svg.count("<polyline") == 1 and "<circle" in svg
