"""The audit viewer: filter by actor, date, object and action, sorted and paged; XLSX export
through the job machinery; the log stays append-only."""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.audit import audit
from portal.models import AuditEntry, Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(ostrava, kladno, gestor, writer, member):
    # Written 40 days ago: the log is append-only (on PostgreSQL a trigger refuses UPDATE), so the
    # time is set when the entry is created.
    AuditEntry.objects.create(
        actor=writer, actor_repr=writer.username, municipality=ostrava, action=AuditEntry.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(member), object_id=str(member.pk), object_repr=str(member),
        at=timezone.now() - timedelta(days=40),
    )
    audit(actor=gestor, action=AuditEntry.Action.VIEW, obj=writer, municipality=ostrava)
    audit(actor=gestor, action=AuditEntry.Action.EXPORT, obj=ostrava, municipality=ostrava)
    audit(actor=gestor, action=AuditEntry.Action.VIEW, obj=kladno, municipality=kladno)  # another municipality
    return ostrava


def _rows(client, **params):
    response = client.get(reverse("audit_log", args=["ostrava"]), params)
    assert response.status_code == 200, response.status_code
    return [(e.actor_repr, e.action) for e in response.context["page"]]


def test_it_filters_by_actor_action_date_and_object(log, gestor, writer, member, client_for):
    client = client_for(gestor)
    assert len(_rows(client)) == 3  # Kladno's entry is not here
    assert _rows(client, actor=writer.pk) == [(writer.username, "update")]
    assert {a for _, a in _rows(client, action="view")} == {"view"}
    assert len(_rows(client, since=(timezone.localdate() - timedelta(days=7)).isoformat())) == 2
    assert len(_rows(client, until=(timezone.localdate() - timedelta(days=30)).isoformat())) == 1
    assert _rows(client, object=str(member.pk), action="update") == [(writer.username, "update")]
    assert _rows(client, object="ostr") == [(gestor.username, "export")]


def test_it_sorts_and_pages(log, gestor, client_for):
    client = client_for(gestor)
    assert [r[0] for r in _rows(client, sort="-actor")][0] >= [r[0] for r in _rows(client, sort="actor")][0]
    oldest_first = _rows(client, sort="at")
    assert oldest_first[0][1] == "update"


def test_junk_parameters_answer_400_or_200_never_500(log, gestor, client_for):
    client = client_for(gestor)
    for params in ({"page": "-1", "sort": "zzz"}, {"actor": "abc"}, {"since": "<script>"}, {"object_type": "999999"}):
        response = client.get(reverse("audit_log", args=["ostrava"]), params)
        assert response.status_code == 400
        assert "<script>" not in response.content.decode()


def test_it_exports_what_the_filter_shows_to_xlsx(log, gestor, writer, client_for, django_capture_on_commit_callbacks):
    client = client_for(gestor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audit_export", args=["ostrava"]), {"actor": writer.pk})
    job = Job.objects.get(kind="audit_export")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.private
    sheet = load_workbook(io.BytesIO(job.file.open("rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == writer.username
    assert client_for(writer).get(reverse("job_download", args=[job.pk])).status_code == 404


def test_it_exports_the_whole_log_when_nothing_is_filtered(log, gestor, client_for,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(gestor).post(reverse("audit_export", args=["ostrava"]))
    job = Job.objects.get(kind="audit_export")
    job.refresh_from_db()
    sheet = load_workbook(io.BytesIO(job.file.open("rb").read())).active
    assert len(list(sheet.iter_rows(values_only=True))) == 1 + 3  # the header and Ostrava's three entries


def test_only_the_gestor_sees_it_and_another_municipality_gets_404(log, writer, kladno_gestor, client_for):
    url = reverse("audit_log", args=["ostrava"])
    assert client_for(writer).get(url).status_code == 403
    assert client_for(kladno_gestor).get(url).status_code == 404
    assert client_for(writer).post(reverse("audit_export", args=["ostrava"])).status_code == 403


def test_the_log_stays_append_only_on_postgresql(log, postgres):
    from django.db import DatabaseError, transaction

    entry = AuditEntry.objects.filter(municipality=log).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_repr="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
