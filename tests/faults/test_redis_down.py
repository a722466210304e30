"""Acceptance 1: with Redis stopped (our own, on port 6391) a comment, an extension request, a public
comment, a round opening and an export each answer with success and save their data; once Redis is
back, each task and e-mail is delivered exactly once (outbox, sent log and the worker's log checked)."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Comment, Round, RoundInvitation
from portal.models import Job, OutboxMessage, SentMessage
from portal.tasks import outbox_relay
from tests.conftest import poll
from tests.rounds.factories import (
    CommentFactory,
    ConceptFactory,
    InvitationFactory,
    RoundFactory,
    SettlementFactory,
    VersionFactory,
    VersionSectionFactory,
)

from .conftest import service_env, shared_test_database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(ostrava, gestor, writer, partner, ngo):
    concept = ConceptFactory(municipality=ostrava)
    version = VersionFactory(concept=concept, number=1)
    sections = [VersionSectionFactory(version=version, order=i, number=str(i + 1), title=t)
                for i, t in enumerate(["Analýza", "Vize"])]
    open_round = RoundFactory(version=version, created_by=gestor)
    invitation = InvitationFactory(round=open_round, user=partner, organisation=ngo)
    public_round = RoundFactory(version=version, created_by=gestor, audience=Round.Audience.PUBLIC)
    draft = RoundFactory(version=version, created_by=gestor, status=Round.Status.DRAFT)
    draft.invited_users.set([partner])
    closed = RoundFactory(version=version, created_by=gestor, opens_at=timezone.now() - timedelta(days=10),
                          deadline=timezone.now() - timedelta(days=1))
    SettlementFactory(comment=CommentFactory(round=closed, section=sections[0], number=1, organisation=ngo,
                                             text="Připomínka", author_name="Eva Kučerová"))
    return {"sections": sections, "open": open_round, "invitation": invitation, "public": public_round,
            "draft": draft, "closed": closed}


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_it_saves_everything_with_redis_down_and_delivers_each_once_when_it_is_back(
    own_redis, point_celery_at, workers, settings, tmp_path, client_for, gestor, writer, partner, scene
):
    database_url = shared_test_database_url()
    settings.OUTBOX_RETRY_BASE_SECONDS = 0  # due again at once; beat's back-off is tested elsewhere
    point_celery_at(own_redis.url)
    own_redis.stop()
    slug, section = "ostrava", scene["sections"][0]
    until = timezone.localtime(scene["open"].deadline + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    actions = {
        "comment": lambda: client_for(partner).post(
            reverse("rounds:comment_create", args=[slug, scene["open"].pk, section.pk]),
            {"section": section.pk, "kind": "essential", "text": "Doplňte prosím data."}),
        "extension": lambda: client_for(partner).post(
            reverse("rounds:extension_request", args=[slug, scene["open"].pk]),
            {"until": until, "reason": "Čekáme na vyjádření ředitele."}),
        "public comment": lambda: Client().post(
            reverse("public:comment", args=[slug, scene["public"].pk]),
            {"name": "Jan Občan", "email": "jan@example.cz", "section": section.pk, "kind": "recommendation",
             "text": "Více bytů", "proposed_wording": "", "quote": "", "paragraph": "", "website": ""},
            REMOTE_ADDR="10.0.0.1"),
        "round opening": lambda: client_for(gestor).post(reverse("rounds:round_open_now", args=[slug, scene["draft"].pk])),
        "export": lambda: client_for(writer).post(reverse("rounds:settlement_export", args=[slug, scene["closed"].pk, "xlsx"])),
    }
    for name, call in actions.items():
        response, seconds = _timed(call)
        assert response.status_code in (200, 302), (name, response.status_code)
        assert seconds < 10, (name, seconds)

    # Every change is saved …
    assert Comment.objects.filter(round=scene["open"], author=partner).exists()
    assert RoundInvitation.objects.get(pk=scene["invitation"].pk).extension_pending
    assert Comment.objects.filter(round=scene["public"], is_public=True).exists()
    assert Round.objects.get(pk=scene["draft"].pk).status == Round.Status.SCHEDULED
    job = Job.objects.get(kind="settlement_xlsx")
    # … and what it causes waits in the outbox, none of it delivered.
    pending = OutboxMessage.objects.filter(delivered_at__isnull=True)
    names = set(pending.values_list("task_name", flat=True))
    assert {"portal.tasks.send_notification_email", "concepts.rounds.tasks.send_public_confirmation",
            "concepts.rounds.tasks.round_open_task", job.task_name} <= names, names
    assert not OutboxMessage.objects.filter(delivered_at__isnull=False).exists()
    assert all(row.attempts == 1 and row.last_error for row in pending)

    own_redis.start()
    workers(service_env(DATABASE_URL=database_url, REDIS_URL=own_redis.url, MEDIA_ROOT=settings.STORAGES["default"]["OPTIONS"]["location"],
                        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
                        OUTBOX_RETRY_BASE_SECONDS=0), "relay")
    log_path = tmp_path / "relay.log"
    task_rows = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.TASK).count()
    assert outbox_relay() == task_rows  # what beat runs

    def all_done():
        job.refresh_from_db()
        return (job.is_finished and not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
                and not SentMessage.objects.filter(sent_at__isnull=True).exists())

    poll(all_done, timeout=90, every=0.3, what="the worker to deliver everything")
    assert job.status == Job.Status.DONE and job.file.read()[:2] == b"PK"
    assert outbox_relay() == 0  # nothing left, nothing sent again

    log = log_path.read_text(errors="replace")
    sent = SentMessage.objects.all()
    keys = list(sent.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) >= 3, keys  # notification, public confirmation, round invitation
    assert len(re.findall(r"^Message-ID: ", log, flags=re.M)) == len(keys)
    assert OutboxMessage.objects.filter(kind=OutboxMessage.Kind.EMAIL).count() == len(keys)
    for row in OutboxMessage.objects.filter(kind=OutboxMessage.Kind.TASK):
        assert log.count(f"Task {row.task_name}[") >= 1
    received = re.findall(r"Task (\S+)\[[^\]]+\] received", log)
    assert len(received) == task_rows, received
