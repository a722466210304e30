"""The evaluation's actions (issue 13, the permission matrix): a draft stays inside — an external
reader (member, consultant) gets 404 for its page and its PDFs alike; refreshing and approving
belong to its writers (gestor, methodologist), and a reader of the internal version who may not
act (the coordinator, the social worker) gets 403."""

from datetime import date

import pytest
from django.urls import reverse

from pilots import services
from pilots.models import EvaluationReport
from portal.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(crisis, writer):
    return services.evaluation_create(programme=crisis, actor=writer, title="Koncept", as_of=date(2025, 3, 31))


def _post(client, report, action):
    return client.post(reverse("pilots:evaluation_action", args=["ostrava", report.pk, action]))


@pytest.mark.parametrize("persona", ["member", "consultant"])
@pytest.mark.parametrize("action", ["pdf", "pdf-external"])
def test_it_hides_a_drafts_pdf_from_an_external_reader(request, client_for, draft, persona, action):
    assert _post(client_for(request.getfixturevalue(persona)), draft, action).status_code == 404
    assert not Job.objects.exists()


def test_it_refuses_the_external_pdf_of_a_draft_in_the_service_too(draft, consultant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.evaluation_pdf_start(report=draft, actor=consultant, version="external")


def test_it_gives_an_external_reader_the_pdf_once_the_report_is_approved(client_for, draft, writer, consultant):
    services.evaluation_approve(report=draft, actor=writer)
    response = _post(client_for(consultant), draft, "pdf-external")
    assert response.status_code == 302 and Job.objects.filter(kind="pilots.evaluation").count() == 1


@pytest.mark.parametrize("persona", ["coordinator", "social_worker"])
@pytest.mark.parametrize("action", ["refresh", "approve"])
def test_it_answers_403_to_a_reader_who_may_not_refresh_or_approve(request, client_for, draft, persona, action):
    assert _post(client_for(request.getfixturevalue(persona)), draft, action).status_code == 403
    assert EvaluationReport.objects.get(pk=draft.pk).status == draft.status


def test_it_lets_the_methodologist_approve(client_for, draft, writer):
    assert _post(client_for(writer), draft, "approve").status_code == 302
    assert EvaluationReport.objects.get(pk=draft.pk).is_approved


def test_it_answers_404_to_an_action_that_does_not_exist(client_for, draft, writer):
    assert _post(client_for(writer), draft, "freeze").status_code == 404
