"""Act 99/2019: the accessibility statement and the "podnět k nápravě" form in every footer; a
report reaches the superusers' queue and is answered by e-mail."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from concepts.rounds.models import AccessibilityReport
from portal.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("spravce", "spravce@example.cz", "x")


def test_every_footer_links_the_statement_and_the_form(client_for, partner):
    for client, url in ((Client(), "/"), (client_for(partner), "/"), (Client(), reverse("public:round_list"))):
        html = client.get(url).content.decode()
        assert reverse("accessibility:statement") in html and reverse("accessibility:report") in html
    statement = Client().get(reverse("accessibility:statement")).content.decode()
    assert "99/2019" in statement and reverse("accessibility:report") in statement


def test_a_report_reaches_the_queue_and_is_answered_by_email(admin, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("accessibility:report"), {
            "email": "ctenar@example.cz", "page_url": "/public/", "text": "Tabulka nejde číst čtečkou."})
    assert response.status_code == 302
    report = AccessibilityReport.objects.get()
    assert Notification.objects.filter(user=admin, subject__contains="ctenar@example.cz").exists()
    client = Client()
    client.force_login(admin)
    assert "Tabulka nejde číst čtečkou." in client.get(reverse("accessibility:queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the answer e-mail leaves after the commit
        client.post(reverse("accessibility:answer", args=[report.pk]), {"answer": "Opraveno, děkujeme."})
    report.refresh_from_db()
    assert report.is_answered and report.answered_by == admin
    assert [m.to for m in mailoutbox if "Opraveno" in m.body] == [["ctenar@example.cz"]]


def test_bad_input_is_shown_next_to_the_field():
    response = Client().post(reverse("accessibility:report"), {"email": "neni-email", "text": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "text"}
    assert not AccessibilityReport.objects.exists()


def test_only_superusers_see_the_queue(client_for, gestor):
    assert client_for(gestor).get(reverse("accessibility:queue")).status_code == 302
