from django.core.files.base import ContentFile

from portal.models import Job


def make_job(municipality, user, **extra):
    job = Job.objects.create(
        municipality=municipality, kind="test", title="Zápis", task_name="tests.build_hello",
        permission="workgroups.write_minutes", created_by=user, status=Job.Status.DONE, filename="zapis.txt",
        content_type="text/plain", **extra,
    )
    job.file.save("zapis.txt", ContentFile(b"obsah"))
    return job


def test_it_downloads_for_a_permitted_user(client_for, writer, ostrava):
    job = make_job(ostrava, writer)
    response = client_for(writer).get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"obsah"


def test_it_answers_404_to_a_role_without_the_permission(client_for, writer, partner, ostrava):
    job = make_job(ostrava, writer)
    assert client_for(partner).get(f"/jobs/{job.pk}/download/").status_code == 404
    assert client_for(partner).get(f"/jobs/{job.pk}/").status_code == 404


def test_it_answers_404_to_another_municipality(client_for, writer, kladno_gestor, ostrava):
    job = make_job(ostrava, writer)
    assert client_for(kladno_gestor).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_it_keeps_a_private_job_to_its_creator(client_for, writer, gestor, ostrava):
    job = make_job(ostrava, writer, private=True)
    assert client_for(gestor).get(f"/jobs/{job.pk}/download/").status_code == 404
    assert client_for(writer).get(f"/jobs/{job.pk}/download/").status_code == 200


def test_it_requires_login(client, writer, ostrava):
    job = make_job(ostrava, writer)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 302


def test_it_polls_progress_until_done(client_for, writer, ostrava):
    job = make_job(ostrava, writer)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=40)
    body = client_for(writer).get(f"/jobs/{job.pk}/status/").content.decode()
    assert 'value="40"' in body and "hx-trigger" in body
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    response = client_for(writer).get(f"/jobs/{job.pk}/status/")
    assert response["HX-Trigger"] == "jobFinished"
    assert "hx-trigger" not in response.content.decode()


def test_it_lets_a_cross_municipality_job_be_downloaded_by_whoever_holds_the_permission_somewhere(
    client_for, consultant, partner
):
    job = make_job(None, consultant)
    Job.objects.filter(pk=job.pk).update(permission="analytics.view_analytics")
    assert client_for(consultant).get(f"/jobs/{job.pk}/download/").status_code == 200
    assert client_for(partner).get(f"/jobs/{job.pk}/download/").status_code == 404


def test_it_answers_404_not_500_when_the_stored_file_is_missing(client_for, writer, ostrava):
    job = make_job(ostrava, writer)
    job.file.storage.delete(job.file.name)
    assert client_for(writer).get(f"/jobs/{job.pk}/download/").status_code == 404
