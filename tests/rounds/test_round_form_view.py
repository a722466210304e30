from django.urls import reverse

from concepts.rounds.models import Round


def test_the_gestor_creates_a_draft_round(client_for, gestor, version, partner, ngo):
    response = client_for(gestor).post(reverse("rounds:round_create", args=["ostrava"]), {
        "title": "Připomínky v1", "version": version.pk, "audience": "invited", "description": "Prosíme o připomínky.",
        "opens_at": "2030-03-01T09:00", "deadline": "2030-03-15T23:59", "reminder_days": "5, 1",
        "invited_users": [partner.pk], "invited_organisations": [ngo.pk], "invited_emails": "a@x.cz, b@x.cz",
    })
    round = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == round.get_absolute_url()
    assert round.status == Round.Status.DRAFT
    assert round.reminder_days == [5, 1]
    assert round.invited_emails == "a@x.cz\nb@x.cz"
    assert list(round.invited_users.all()) == [partner]


def test_it_shows_errors_next_to_the_fields(client_for, gestor, version):
    response = client_for(gestor).post(reverse("rounds:round_create", args=["ostrava"]), {
        "title": "X", "version": version.pk, "audience": "invited",
        "opens_at": "2030-03-15T09:00", "deadline": "2030-03-01T09:00", "reminder_days": "tři",
        "invited_emails": "neni-adresa",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert "reminder_days" in form.errors
    assert not Round.objects.exists()
    response = client_for(gestor).post(reverse("rounds:round_create", args=["ostrava"]), {
        "title": "X", "version": version.pk, "audience": "invited",
        "opens_at": "2030-03-15T09:00", "deadline": "2030-03-01T09:00", "reminder_days": "3",
        "invited_emails": "neni-adresa",
    })
    form = response.context["form"]
    assert "deadline" in form.errors and "invited_emails" in form.errors


def test_a_version_of_another_municipality_is_not_offered(client_for, gestor, kladno):
    from .factories import ConceptFactory, VersionFactory

    foreign = VersionFactory(concept=ConceptFactory(municipality=kladno))
    response = client_for(gestor).get(reverse("rounds:round_create", args=["ostrava"]))
    assert foreign not in response.context["form"].fields["version"].queryset


def test_the_round_page_shows_statistics_to_staff_only(client_for, gestor, partner, invitation):
    round = invitation.round
    url = reverse("rounds:round_detail", args=["ostrava", round.pk])
    assert client_for(gestor).get(url).context["stats"].invited == 1
    assert client_for(partner).get(url).context["stats"] is None


def test_a_running_round_keeps_its_version_and_audience(client_for, gestor, open_round, partner, mailoutbox):
    from .factories import VersionFactory

    other = VersionFactory(concept=open_round.version.concept, number=2)
    url = reverse("rounds:round_edit", args=["ostrava", open_round.pk])
    form = client_for(gestor).get(url).context["form"]
    assert form.fields["version"].disabled and form.fields["audience"].disabled
    response = client_for(gestor).post(url, {
        "title": "Nový název", "version": other.pk, "audience": "public", "reminder_days": "2",
        "opens_at": "2020-01-01T08:00", "deadline": (open_round.deadline.strftime("%Y-%m-%dT%H:%M")),
        "invited_users": [partner.pk], "edit_version": open_round.edit_version,
    })
    assert response.status_code == 302
    open_round.refresh_from_db()
    assert (open_round.title, open_round.version_id, open_round.audience) == ("Nový název", open_round.version_id, "invited")
    assert open_round.reminder_days == [2]
