from portal.models import Profile
from portal.notifications import notify
from portal.tasks import send_daily_digests


def test_it_emails_at_once_by_default(gestor, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=gestor, subject="Nový komentář", body="Text", url="/x/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Nový komentář"


def test_it_collects_a_daily_digest_for_those_who_chose_it(gestor, mailoutbox, django_capture_on_commit_callbacks):
    Profile.objects.filter(user=gestor).update(notification_mode=Profile.NotificationMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=gestor, subject="První", body="a")
        notify(user=gestor, subject="Druhá", body="b")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):  # the digest leaves after the task's commit
        assert send_daily_digests() == 1
    assert len(mailoutbox) == 1
    assert "První" in mailoutbox[0].body and "Druhá" in mailoutbox[0].body
    assert send_daily_digests() == 0
    assert len(mailoutbox) == 1


def test_it_sends_what_arrived_after_the_morning_digest_on_a_same_day_rerun(
    gestor, mailoutbox, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=gestor).update(notification_mode=Profile.NotificationMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=gestor, subject="Ranní", body="a")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 1
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=gestor, subject="Odpolední", body="b")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 1
    assert len(mailoutbox) == 2
    assert "Odpolední" in mailoutbox[1].body and "Ranní" not in mailoutbox[1].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 0
    assert len(mailoutbox) == 2
