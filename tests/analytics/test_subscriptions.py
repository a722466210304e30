"""Monthly subscriptions: beat sends each subscriber one e-mail a month, however often it runs."""

from django.core import mail

from analytics.models import ReportSubscription
from analytics.tasks import send_monthly_reports
from portal.models import Job


def test_it_sends_the_report_attached_once_a_month(consultant, world, settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "en"
    ReportSubscription.objects.create(user=consultant, municipality=None, delivery="attach")
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after the commit
        assert send_monthly_reports() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_monthly_reports() == 0  # beat running twice sends nothing more
    [message] = mail.outbox
    assert message.to == [consultant.email]
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".pdf") and content.startswith(b"%PDF") and mimetype == "application/pdf"


def test_it_sends_a_link_to_the_permission_checked_job(consultant, world, django_capture_on_commit_callbacks):
    ReportSubscription.objects.create(user=consultant, municipality=world.ostrava, delivery="link")
    with django_capture_on_commit_callbacks(execute=True):
        send_monthly_reports()
        send_monthly_reports()
    job = Job.objects.get()
    assert job.municipality == world.ostrava and len(mail.outbox) == 1
    assert job.get_absolute_url() in mail.outbox[0].body


def test_it_sends_nothing_for_a_municipality_the_user_no_longer_analyses(consultant, world):
    ReportSubscription.objects.create(user=consultant, municipality=world.most, delivery="link")
    assert send_monthly_reports() == 0 and not mail.outbox


def test_the_page_subscribes_and_unsubscribes(client_for, consultant, world, partner):
    client = client_for(consultant)
    client.post("/consultant/subscription/", {"municipality": world.ostrava.pk, "delivery": "attach"})
    s = ReportSubscription.objects.get()
    assert (s.user, s.municipality, s.delivery) == (consultant, world.ostrava, "attach")
    client.post(f"/consultant/subscription/{s.pk}/delete/")
    assert not ReportSubscription.objects.exists()
    assert client_for(partner).get("/consultant/subscription/").status_code == 404
