from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from portal.models import Invitation, Membership, SentMessage
from portal.roles import Role
from portal.services import invitation_create, invitation_link


@pytest.fixture
def invitation(ostrava, gestor, ngo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(
            municipality=ostrava, email="Nova.Partnerka@Example.cz", role=Role.PARTNER, actor=gestor,
            organisation=ngo,
        )


def accept(client, invitation, **extra):
    data = {"first_name": "Nová", "last_name": "Partnerka", "password1": "Bydleni-Ostrava-77", "password2": "Bydleni-Ostrava-77"}
    data.update(extra)
    return client.post(invitation_link(invitation), data)


def test_it_emails_a_link_once(invitation, ostrava, gestor, django_capture_on_commit_callbacks):
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nova.partnerka@example.cz"]
    # The signed token carries the second it was made: compare up to it (the mail may be a second later).
    assert invitation_link(invitation).split(":")[0] in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(municipality=ostrava, email="nova.partnerka@example.cz", role=Role.PARTNER, actor=gestor)
    assert len(mail.outbox) == 1
    assert Invitation.objects.count() == 1
    assert SentMessage.objects.filter(to="nova.partnerka@example.cz").count() == 1


def test_it_creates_the_account_and_membership(client, invitation, ostrava):
    response = accept(client, invitation)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nova.partnerka@example.cz")
    assert user.check_password("Bydleni-Ostrava-77")
    assert Membership.objects.filter(user=user, municipality=ostrava, role=Role.PARTNER, is_active=True).exists()
    assert client.get("/").status_code == 200  # signed in


def test_it_works_only_once(client, invitation):
    accept(client, invitation)
    client.logout()
    response = client.get(invitation_link(invitation))
    assert response.status_code == 410
    assert "již byla použita" in response.content.decode()
    response = accept(client, invitation)
    assert response.status_code == 410
    assert get_user_model().objects.filter(email="nova.partnerka@example.cz").count() == 1


def test_it_expires(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(invitation_link(invitation))
    assert response.status_code == 410
    assert not get_user_model().objects.filter(email="nova.partnerka@example.cz").exists()


def test_it_explains_a_wrong_token(client, db):
    response = client.get("/accounts/invitation/nesmysl-token/")
    assert response.status_code == 410
    body = response.content.decode()
    assert "invitation" in body.lower() or "pozvánk" in body.lower()
    assert "Traceback" not in body


def test_it_keeps_the_form_and_saves_nothing_on_bad_passwords(client, invitation):
    response = accept(client, invitation, password2="jine-heslo-123")
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not get_user_model().objects.filter(email="nova.partnerka@example.cz").exists()


def test_it_lets_the_gestor_invite_through_the_form(client_for, gestor, ostrava, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(gestor).post(
            f"/m/{ostrava.slug}/members/invite/", {"email": "kolega@example.cz", "role": Role.MEMBER}
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_it_shows_a_clear_error_for_a_bad_email(client_for, gestor, ostrava):
    response = client_for(gestor).post(f"/m/{ostrava.slug}/members/invite/", {"email": "neni-email", "role": "member"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Invitation.objects.exists()
