"""Defect 3: small numbers cannot be worked out — by subtraction within and between the tables of
one page, export or report, by stepping the "as of" date, or from the flat register."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilots.access import as_of_for
from pilots.indicators import HIDDEN_SMALL, Indicator, hidden_text, shown_tables
from pilots.suppression import suppress

from .factories import FlatFactory, housed


def _solvable(relations, unknown) -> set:
    """Independent check (exact Gaussian elimination over fractions): which unknowns the relations
    fix once every known cell is put in."""
    unknown = list(dict.fromkeys(unknown))
    index = {c: n for n, c in enumerate(unknown)}
    rows = []
    for total, parts in relations:
        row = [Fraction(0)] * len(unknown)
        for cell, sign in [(total, 1)] + [(p, -1) for p in parts]:
            if cell in index:
                row[index[cell]] += sign
        rows.append(row)
    # reduced row echelon form
    pivots, r = [], 0
    for c in range(len(unknown)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                rows[i] = [a - rows[i][c] * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    return {unknown[c] for i, c in enumerate(pivots) if sum(1 for v in rows[i] if v != 0) == 1}


def _table(cohorts: list[tuple[int, int]]):
    """One indicator (numerator ≤ denominator) for every cohort, and the programme as their sum."""
    def ind(n, d):
        return Indicator("retention_6", "Retention", "…", "percent", n, d, n / d if d else None)

    total = ind(sum(n for n, _d in cohorts), sum(d for _n, d in cohorts))
    return [("all", [total])] + [(f"c{k}", [ind(n, d)]) for k, (n, d) in enumerate(cohorts, start=1)]


cohort = st.integers(min_value=0, max_value=30).flatmap(lambda d: st.tuples(st.integers(min_value=0, max_value=d), st.just(d)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cohort, min_size=1, max_size=5))
def test_no_suppressed_cell_can_be_derived_by_subtraction_from_the_cells_shown(cohorts):
    tables = shown_tables(_table(cohorts), suppress=True)
    # What a reader sees, and the sums they know hold: the programme = its cohorts; a denominator =
    # its numerator + those not counted in it.
    cells, relations, hidden = {}, [], set()
    for t, (_title, rows) in enumerate(tables):
        row = rows[0]
        for role, text in (("N", row["numerator"]), ("D", row["denominator"])):
            if text in (HIDDEN_SMALL, hidden_text()):
                hidden.add((t, role))
            cells[(t, role)] = text
        relations.append(((t, "D"), [(t, "N"), (t, "K")]))
        if row["value"] not in (hidden_text(), "–"):
            assert (t, "N") not in hidden and (t, "D") not in hidden  # a share never outlives its counts
    for role in ("N", "D", "K"):
        relations.append(((0, role), [(t, role) for t in range(1, len(tables))]))
    complements = {(t, "K") for t in range(len(tables))}
    derivable = _solvable(relations, hidden | complements)
    assert not (derivable & hidden), (cohorts, tables)
    # and no small count of households outside a numerator can be worked out either
    for t, (n, d) in enumerate([(sum(n for n, _ in cohorts), sum(d for _, d in cohorts)), *cohorts]):
        if 0 < d - n < 5:
            assert (t, "K") not in derivable
        if 0 < n < 5:
            assert (t, "N") in hidden
        if 0 < d < 5:
            assert (t, "D") in hidden


def test_a_cohorts_hidden_count_is_not_the_total_minus_the_cohorts_shown():
    """The review's example: 3 in cohort 2, 8 and 9 in the others, 20 in all — hiding only the 3
    lets anyone compute 20 − 8 − 9."""
    tables = shown_tables(_table([(8, 10), (3, 10), (9, 10)]), suppress=True)
    numerators = [rows[0]["numerator"] for _t, rows in tables]
    assert numerators[2] == HIDDEN_SMALL
    assert sum(text == hidden_text() for text in numerators) >= 1  # a second cell goes with it


def test_the_suppression_module_states_its_rule_and_limits():
    import pilots.suppression as module

    assert "Secondary" in module.__doc__ and "Limits" in module.__doc__
    primary, secondary = suppress({"a": 10, "b": 3, "c": 7}, [("a", ["b", "c"])])
    assert primary == {"b"} and secondary == {"c"}


# --- "as of" only at month ends for readers outside the municipality ------------------------


@pytest.mark.django_db
def test_outside_readers_get_as_of_only_at_completed_month_ends(consultant, gestor, ostrava):
    today = date(2025, 3, 14)
    assert as_of_for(consultant, ostrava, date(2025, 2, 10), today) == date(2025, 1, 31)
    assert as_of_for(consultant, ostrava, date(2025, 2, 28), today) == date(2025, 2, 28)
    assert as_of_for(consultant, ostrava, date(2025, 3, 10), today) == date(2025, 2, 28)
    assert as_of_for(consultant, ostrava, None, today) == date(2025, 2, 28)
    assert as_of_for(gestor, ostrava, date(2025, 2, 10), today) == date(2025, 2, 10)


@pytest.mark.django_db
def test_stepping_the_as_of_date_a_day_at_a_time_shows_the_consultant_nothing_new(client_for, consultant, crisis):
    for n in range(12):
        housed(crisis, date(2024, 1, 1 + n), cohort=1)
    client = client_for(consultant)
    url = crisis.get_absolute_url()
    pages = {client.get(url, {"as_of": f"2024-02-{day:02d}"}).context["as_of"] for day in range(1, 29)}
    assert pages == {date(2024, 2, 29)}  # any day of February: the figures as of its end
    response = client.get(url, {"as_of": "2024-02"})
    assert response.status_code == 200 and response.context["as_of"] == date(2024, 2, 29)
    assert 'type="month"' in response.content.decode()
    assert client.get(url, {"as_of": "zzz"}).status_code == 200


# --- flat addresses only for the programme's staff ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["consultant", "member", "writer"])
def test_aggregate_roles_see_flats_by_district_and_no_street_address(client_for, request, persona, crisis):
    FlatFactory(programme=crisis, district="Poruba", address="Hlavní třída 1, Ostrava")
    placement = housed(crisis, date(2024, 1, 1), flat=FlatFactory(programme=crisis, district="Poruba", address="Opavská 7, Ostrava"))
    assert placement
    client = client_for(request.getfixturevalue(persona))
    for url in (reverse("pilots:flat_list", args=["ostrava"]), crisis.get_absolute_url(),
                reverse("pilots:programme_list", args=["ostrava"])):
        page = client.get(url).content.decode()
        assert "Hlavní třída" not in page and "Opavská" not in page
    page = client.get(reverse("pilots:flat_list", args=["ostrava"])).content.decode()
    assert "Poruba" in page and HIDDEN_SMALL in page  # one occupied flat: a small count


@pytest.mark.django_db
def test_the_programme_staff_see_the_flat_register(client_for, social_worker, crisis):
    FlatFactory(programme=crisis, address="Hlavní třída 1, Ostrava")
    assert "Hlavní třída 1" in client_for(social_worker).get(reverse("pilots:flat_list", args=["ostrava"])).content.decode()
