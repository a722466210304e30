"""The demo data contract of DESIGN §5: idempotent, and every demo user signs in."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from portal.models import Membership, Municipality
from portal.roles import Role

DEMO_USERS = {
    "gestor.ostrava": ("ostrava", Role.GESTOR),
    "metodik.ostrava": ("ostrava", Role.WRITER),
    "koordinator.ostrava": ("ostrava", Role.COORDINATOR),
    "socialni.ostrava": ("ostrava", Role.SOCIAL_WORKER),
    "clen.ostrava": ("ostrava", Role.MEMBER),
    "nno.ostrava": ("ostrava", Role.PARTNER),
    "gestor.kladno": ("kladno", Role.GESTOR),
    "nno.kladno": ("kladno", Role.PARTNER),
    "konzultant": ("ostrava", Role.CONSULTANT),
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        from django.core.management import call_command as cc

        cc("flush", "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db
def test_it_creates_the_municipalities_and_users(demo):
    assert set(Municipality.objects.values_list("slug", flat=True)) >= {"ostrava", "kladno", "sokolov"}
    for username, (slug, role) in DEMO_USERS.items():
        assert Membership.objects.filter(user__username=username, municipality__slug=slug, role=role).exists(), username
    assert Membership.objects.filter(user__username="konzultant", municipality__slug="kladno").exists()
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", *DEMO_USERS])
def test_it_lets_every_demo_user_sign_in(demo, username):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": "demo-heslo-2026"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_it_is_idempotent(demo):
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in
                {"portal", "workgroups", "concepts", "rounds", "pilots", "analytics"} and m._meta.label not in
                {"portal.AuditEntry", "portal.SentMessage", "portal.Notification", "portal.Job"}}

    before = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
