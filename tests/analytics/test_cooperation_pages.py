"""The cooperation description, criteria and scores: who may edit, defaults, bad input."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from analytics.agency.forms import CooperationForm
from analytics.models import Cooperation, CriterionScore, QualityCriterion, ThematicArea
from tests.analytics.agency import cooperation, criterion


def test_it_creates_the_cooperation_with_a_24_month_default_end(client_for, consultant, ostrava):
    response = client_for(consultant).post(reverse("analytics:cooperation_edit", args=["ostrava"]), {
        "starts_on": "2026-01-31", "thematic_areas": ["housing", "debts"], "consultants": [consultant.pk], "note": "",
    })
    assert response.status_code == 302
    coop = Cooperation.objects.get(municipality=ostrava)
    assert (coop.starts_on, coop.planned_end_on) == (date(2026, 1, 31), date(2028, 1, 31))
    assert coop.thematic_areas == ["housing", "debts"] and list(coop.consultants.all()) == [consultant]


def test_it_refuses_an_end_before_the_start_next_to_the_field(client_for, consultant, ostrava):
    response = client_for(consultant).post(reverse("analytics:cooperation_edit", args=["ostrava"]), {
        "starts_on": "2026-05-01", "planned_end_on": "2026-01-01"})
    assert response.status_code == 200 and "The planned end must come after the start." in response.content.decode()
    assert not Cooperation.objects.exists()


def test_it_answers_409_when_someone_saved_first(client_for, consultant, ostrava):
    coop = cooperation(ostrava)
    url = reverse("analytics:cooperation_edit", args=["ostrava"])
    data = {"starts_on": "2026-01-01", "edit_version": coop.edit_version}
    assert client_for(consultant).post(url, data).status_code == 302
    response = client_for(consultant).post(url, {**data, "starts_on": "2026-02-01"})
    assert response.status_code == 409 and "Someone else saved this record" in response.content.decode()
    assert Cooperation.objects.get().starts_on == date(2026, 1, 1)


def test_it_shows_the_areas_and_consultants_of_both_versions_by_name(client_for, consultant, ostrava):
    """The conflict page (versioned_edit) names the several choices of each version, not their keys."""
    coop = cooperation(ostrava)
    url = reverse("analytics:cooperation_edit", args=["ostrava"])
    data = {"starts_on": "2026-01-01", "edit_version": coop.edit_version}
    assert client_for(consultant).post(url, {**data, "thematic_areas": ["housing"],
                                             "consultants": [consultant.pk]}).status_code == 302
    lost = client_for(consultant).post(url, {**data, "thematic_areas": ["debts", "safety"]})
    assert lost.status_code == 409
    rows = [(row["theirs"], row["yours"], row["changed"]) for row in lost.context["conflict_rows"]]
    with translation.override(settings.LANGUAGE_CODE):
        housing, debts, safety = (str(a.label) for a in (ThematicArea.HOUSING, ThematicArea.DEBTS, ThematicArea.SAFETY))
    assert (housing, ", ".join(sorted([debts, safety])), True) in rows
    named = CooperationForm(municipality=ostrava).fields["consultants"].label_from_instance(consultant)
    assert (named, "", True) in rows


def test_it_adds_a_criterion_with_its_rubric_and_scores_it_with_evidence(client_for, consultant, ostrava):
    cooperation(ostrava)
    client = client_for(consultant)
    client.post(reverse("analytics:criterion_new", args=["ostrava"]), {
        "title": "Koordinace", "is_competence": "on", "levels": "žádná\nslabá\ndobrá\nvýborná"})
    c = QualityCriterion.objects.get()
    assert c.is_competence and [lv.level for lv in c.levels.all()] == [1, 2, 3, 4]
    url = reverse("analytics:criterion_score", args=["ostrava", c.pk])
    empty = client.post(url, {"moment": "t0", "level": 2, "scored_on": "2026-02-01", "evidence": "  "})
    assert empty.status_code == 200 and not CriterionScore.objects.exists()
    client.post(url, {"moment": "t0", "level": 2, "scored_on": "2026-02-01", "evidence": "zápis z jednání"})
    score = CriterionScore.objects.get()
    assert (score.level, score.scored_by, score.evidence) == (2, consultant, "zápis z jednání")
    body = client.get(reverse("analytics:cooperation", args=["ostrava"])).content.decode()
    assert "zápis z jednání" in body and "competence" in body


def test_it_refuses_a_level_outside_the_rubric(client_for, consultant, ostrava):
    c = criterion(cooperation(ostrava))
    response = client_for(consultant).post(reverse("analytics:criterion_score", args=["ostrava", c.pk]), {
        "moment": "t24", "level": 9, "scored_on": "2026-02-01", "evidence": "x"})
    assert response.status_code == 200 and not CriterionScore.objects.exists()


def test_it_lets_a_gestor_read_but_not_edit(client_for, gestor, ostrava):
    c = criterion(cooperation(ostrava))
    client = client_for(gestor)
    assert client.get(reverse("analytics:cooperation", args=["ostrava"])).status_code == 200
    assert client.get(reverse("analytics:criterion_new", args=["ostrava"])).status_code == 403
    assert client.post(reverse("analytics:criterion_score", args=["ostrava", c.pk]), {}).status_code == 403


def test_it_answers_404_for_another_municipalitys_criterion(client_for, consultant, ostrava, kladno):
    c = criterion(cooperation(kladno))
    assert client_for(consultant).get(reverse("analytics:criterion_score", args=["ostrava", c.pk])).status_code == 404
