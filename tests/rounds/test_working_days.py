"""Deadlines in Czech working days (holidays.CZ): Easter moves, 28 October does not."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from concepts.rounds.closing import add_working_days, working_day_deadline
from concepts.rounds.services import round_create


def test_it_skips_good_friday_and_easter_monday():
    # 2027: Good Friday 26 March, Easter Monday 29 March.
    assert add_working_days(date(2027, 3, 24), 1) == date(2027, 3, 25)
    assert add_working_days(date(2027, 3, 24), 2) == date(2027, 3, 30)
    assert add_working_days(date(2027, 3, 24), 3) == date(2027, 3, 31)


def test_it_skips_28_october():
    # 28 October 2026 is a Wednesday.
    assert add_working_days(date(2026, 10, 26), 1) == date(2026, 10, 27)
    assert add_working_days(date(2026, 10, 26), 2) == date(2026, 10, 29)


def test_fifteen_working_days_end_at_the_end_of_the_day():
    opens = timezone.make_aware(datetime(2026, 10, 26, 9, 0))
    deadline = timezone.localtime(working_day_deadline(opens, 15))
    # From 27 October: 28 October and 17 November are holidays, so the 15th working day is 18 November.
    assert deadline.date() == date(2026, 11, 18)
    assert (deadline.hour, deadline.minute) == (23, 59)


@pytest.mark.django_db
def test_the_round_stores_the_count_and_shows_the_date(client_for, gestor, version):
    opens = timezone.make_aware(datetime(2027, 3, 24, 10, 0))
    round = round_create(municipality=version.concept.municipality, version=version, title="Kolo", opens_at=opens,
                         deadline=None, working_days=3, actor=gestor, invited_emails="a@example.cz")
    assert timezone.localtime(round.deadline).date() == date(2027, 3, 31)
    html = client_for(gestor).get(round.get_absolute_url()).content.decode()
    assert "31. 3. 2027" in html and "3 pracovní dny" in html


@pytest.mark.django_db
def test_the_form_defaults_to_fifteen_working_days(client_for, gestor, version):
    from django.urls import reverse

    from concepts.rounds.models import Round

    url = reverse("rounds:round_create", args=[version.concept.municipality.slug])
    form = client_for(gestor).get(url).context["form"]
    assert form["working_days"].value() == 15
    response = client_for(gestor).post(url, {
        "title": "Kolo", "version": version.pk, "audience": "invited", "opens_at": "2026-10-26T09:00",
        "working_days": "15", "deadline": "", "reminder_days": "3, 1", "invited_emails": "a@example.cz",
    })
    assert response.status_code == 302, response.context["form"].errors
    round = Round.objects.get(title="Kolo")
    assert timezone.localtime(round.deadline).date() == date(2026, 11, 18) and round.working_days == 15
