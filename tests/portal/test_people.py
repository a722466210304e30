"""People and roles in the portal: a gestor changes roles, deactivates memberships (ending the
person's sessions at once) and assigns social workers to programmes; every change is audited."""

import pytest
from django.urls import reverse

from portal.models import AuditEntry, Membership, UserSession
from portal.roles import Role
from tests.pilots.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _membership(user, municipality):
    return Membership.objects.get(user=user, municipality=municipality)


def test_it_changes_a_role_and_audits_who_whom_from_and_to(ostrava, gestor, member, client_for):
    membership = _membership(member, ostrava)
    url = reverse("membership_edit", args=["ostrava", membership.pk])
    page = client_for(gestor).get(url)
    assert page.status_code == 200
    assert f'name="edit_version" value="{membership.edit_version}"' in page.content.decode()

    response = client_for(gestor).post(url, {"role": Role.WRITER, "edit_version": membership.edit_version})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.WRITER and membership.edit_version == 2
    entry = AuditEntry.objects.get(object_id=str(membership.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor == gestor
    assert entry.detail["whom"] == member.username
    assert (entry.detail["field"], entry.detail["from"], entry.detail["to"]) == ("role", Role.MEMBER, Role.WRITER)


def test_a_stale_role_change_answers_409_and_overwrites_nothing(ostrava, gestor, kladno, member, client_for):
    other_gestor = __import__("tests.factories", fromlist=["person"]).person("gestor2", ostrava, Role.GESTOR)
    membership = _membership(member, ostrava)
    url = reverse("membership_edit", args=["ostrava", membership.pk])
    loaded = membership.edit_version
    assert client_for(other_gestor).post(url, {"role": Role.COORDINATOR, "edit_version": loaded}).status_code == 302
    response = client_for(gestor).post(url, {"role": Role.WRITER, "edit_version": loaded})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html and "koordinátor" in html.lower()
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR


def test_deactivating_ends_the_persons_open_session_at_once(ostrava, gestor, member, client_for):
    """Acceptance 8: a deactivated user's open session is refused on its next request."""
    victim = client_for(member)
    home = reverse("municipality_detail", args=["ostrava"])
    assert victim.get(home).status_code == 200
    assert UserSession.objects.filter(user=member).exists()
    membership = _membership(member, ostrava)
    response = client_for(gestor).post(reverse("membership_active", args=["ostrava", membership.pk]),
                                       {"active": "", "edit_version": membership.edit_version})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    refused = victim.get(home)
    assert refused.status_code == 302 and refused.url.startswith(reverse("login"))
    assert not UserSession.objects.filter(user=member).exists()
    entry = AuditEntry.objects.filter(object_id=str(membership.pk)).latest("at")
    assert entry.detail["field"] == "is_active" and entry.detail["from"] is True and entry.detail["to"] is False
    assert entry.detail["sessions_ended"] >= 1


def test_an_inactive_account_is_refused_on_its_next_request(ostrava, member, client_for):
    client = client_for(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(reverse("municipality_detail", args=["ostrava"]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_keeps_the_last_gestor(ostrava, gestor, client_for):
    membership = _membership(gestor, ostrava)
    client_for(gestor).post(reverse("membership_active", args=["ostrava", membership.pk]),
                            {"active": "", "edit_version": membership.edit_version})
    membership.refresh_from_db()
    assert membership.is_active
    response = client_for(gestor).post(reverse("membership_edit", args=["ostrava", membership.pk]),
                                       {"role": Role.WRITER, "edit_version": membership.edit_version})
    assert response.status_code == 200 and response.context["form"].errors["role"]


def test_it_assigns_social_workers_to_a_programme_and_audits_the_lists(ostrava, gestor, social_worker, member, client_for):
    programme = ProgrammeFactory(municipality=ostrava, name="Krizové bydlení")
    url = reverse("pilots:programme_assignments", args=["ostrava"])
    page = client_for(gestor).get(url)
    assert page.status_code == 200 and "Krizové bydlení" in page.content.decode()
    prefix = f"p{programme.pk}"
    response = client_for(gestor).post(url, {"programme": programme.pk, f"{prefix}-social_workers": [social_worker.pk],
                                             f"{prefix}-loaded": ""})
    assert response.status_code == 302
    assert list(programme.social_workers.all()) == [social_worker]
    entry = AuditEntry.objects.get(object_id=str(programme.pk), action=AuditEntry.Action.UPDATE)
    assert entry.actor == gestor and entry.detail["from"] == [] and entry.detail["to"] == [social_worker.username]

    # a member is no social worker: refused next to the field, nothing saved
    response = client_for(gestor).post(url, {"programme": programme.pk, f"{prefix}-social_workers": [member.pk],
                                             f"{prefix}-loaded": str(social_worker.pk)})
    assert response.status_code == 400
    assert list(programme.social_workers.all()) == [social_worker]

    # a stale page (loaded before the first save) overwrites nothing
    response = client_for(gestor).post(url, {"programme": programme.pk, f"{prefix}-social_workers": [],
                                             f"{prefix}-loaded": ""})
    assert response.status_code == 302
    assert list(programme.social_workers.all()) == [social_worker]


def test_only_the_gestor_manages_people_and_another_municipality_gets_404(ostrava, gestor, writer, kladno_gestor,
                                                                         member, client_for):
    membership = _membership(member, ostrava)
    for name, args in (("membership_edit", [membership.pk]), ("pilots:programme_assignments", [])):
        url = reverse(name, args=["ostrava", *args])
        assert client_for(writer).get(url).status_code == 403
        assert client_for(kladno_gestor).get(url).status_code == 404
    # Kladno's gestor cannot reach Ostrava's membership through Kladno's address either
    assert client_for(kladno_gestor).get(reverse("membership_edit", args=["kladno", membership.pk])).status_code == 404
