"""Acceptance 1, end to end through HTTP, Redis and the real Celery worker: open → invitations once →
comment / "no comments" → reminder only to the silent → close → settle → publish → commenters told."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Comment, Round, RoundInvitation, Settlement
from concepts.rounds.tasks import rounds_tick
from portal.models import Notification, SentMessage
from tests.workgroups.factories import GroupFactory, MemberFactory

from .factories import RoundFactory


def recipients(subject_part):
    """Who got an e-mail whose subject contains ``subject_part`` (one entry per e-mail sent)."""
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


def tick(now=None) -> dict:
    """One beat tick through Redis and the real worker, waiting for its result. The tasks ignore
    their results by default (CELERY_TASK_IGNORE_RESULT), and then ``.get()`` returns None at once
    without waiting; this call asks for the result so that the test waits for the worker."""
    kwargs = {"now": now.isoformat()} if now else {}
    return rounds_tick.apply_async(kwargs=kwargs, ignore_result=False).get(timeout=30)


def test_it_runs_a_whole_round_through_the_worker(
    celery_worker, mailoutbox, client_for, version, sections, gestor, writer, partner, partner2, member, ngo,
    wait_until,
):
    round = RoundFactory(version=version, created_by=gestor, status=Round.Status.DRAFT,
                         title="Připomínky k návrhu koncepce", deadline=timezone.now() + timedelta(days=10))
    round.invited_users.set([partner, partner2, member])
    MemberFactory(group=GroupFactory(municipality=version.concept.municipality), user=member)
    slug = round.municipality.slug
    gestor_client, writer_client = client_for(gestor), client_for(writer)

    # 1. the gestor opens the round; the worker sends one invitation each
    assert gestor_client.post(reverse("rounds:round_open_now", args=[slug, round.pk])).status_code == 302
    wait_until(lambda: SentMessage.objects.filter(key__startswith=f"round:{round.pk}:invitation:", sent_at__isnull=False).count() == 3)
    invited = sorted([partner.email, partner2.email, member.email])
    assert recipients("Pozvánka k připomínkám") == invited
    assert tick() == {"opened": 0, "invitations": 0, "reminders": 0, "closed": 0}  # beat ticks again: nothing new
    assert recipients("Pozvánka k připomínkám") == invited

    # 2. a partner comments, another declares "no comments", the member stays silent
    section = sections[2]
    response = client_for(partner).post(
        reverse("rounds:comment_create", args=[slug, round.pk, section.pk]),
        {"section": section.pk, "kind": "essential", "text": "Chybí kapacita pro rodiny s dětmi.",
         "quote": "Druhý odstavec", "paragraph": "2", "proposed_wording": "Doplnit 10 bytů."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client_for(partner).post(reverse("rounds:comment_create", args=[slug, round.pk, sections[0].pk]),
                             {"section": sections[0].pk, "kind": "recommendation", "text": "Doplnit data za rok 2025."})
    client_for(partner2).post(reverse("rounds:no_comments", args=[slug, round.pk]), {"confirm": "on"})
    assert RoundInvitation.objects.get(round=round, user=partner2).no_comments_at is not None

    # 3. beat, three days before the deadline: only the silent member is reminded
    assert tick(round.deadline - timedelta(days=3) + timedelta(minutes=1))["reminders"] == 1
    assert recipients("Připomenutí") == [member.email]
    assert tick(round.deadline - timedelta(days=3) + timedelta(minutes=2))["reminders"] == 0  # once only
    assert recipients("Připomenutí") == [member.email]

    # 4. the deadline passes (the clock decides); beat does the closing work once
    Round.objects.filter(pk=round.pk).update(opens_at=timezone.now() - timedelta(days=10),
                                             deadline=timezone.now() - timedelta(seconds=1))
    round.refresh_from_db()
    assert round.state == Round.Status.CLOSED
    assert tick()["closed"] == 1
    assert tick()["closed"] == 0
    late = client_for(partner).post(reverse("rounds:comment_create", args=[slug, round.pk, section.pk]),
                                    {"section": section.pk, "kind": "essential", "text": "Pozdě"})
    assert not Comment.objects.filter(text="Pozdě").exists() and late.status_code == 200

    # 5. settlement: one accepted, the essential one not accepted → dispute with its outcome
    essential, recommendation = Comment.objects.filter(round=round).order_by("kind")
    assert essential.kind == "essential" and essential.quote == "Druhý odstavec" and essential.paragraph == 2
    settle = reverse("rounds:settle", args=[slug, round.pk])
    versions = [f"{recommendation.pk}:0", f"{essential.pk}:0"]  # as the settle page sends them: none settled yet
    writer_client.post(settle, {"comments": [recommendation.pk], "outcome": "accepted", "justification": "",
                                "edit_versions": versions})
    writer_client.post(settle, {"comments": [essential.pk], "outcome": "not_accepted",
                                "justification": "Kapacita je řešena v opatření 1.2.", "edit_versions": versions})
    writer_client.post(reverse("rounds:dispute_record", args=[slug, round.pk, essential.pk]),
                       {"dispute_meeting_on": "2026-03-02", "dispute_result": "persists", "dispute_note": "Rozpor trvá.",
                        "edit_version": Settlement.objects.get(comment=essential).edit_version})
    assert Settlement.objects.get(comment=essential).dispute_result == "persists"
    writer_client.post(reverse("rounds:round_complete", args=[slug, round.pk]))
    assert Round.objects.get(pk=round.pk).status == Round.Status.SETTLED

    # 6. publishing tells the commenter (through the worker), and partners then see the table
    gestor_client.post(reverse("rounds:round_publish", args=[slug, round.pk]))
    # Done when every notification the publishing made has gone out (they are e-mailed after the
    # publishing task, so by then all of them exist): no fixed sleep.
    mine = reverse("rounds:my_comments", args=[slug, round.pk])
    wait_until(lambda: Notification.objects.filter(url=mine).exists()
               and not Notification.objects.filter(url=mine, emailed_at__isnull=True).exists(), timeout=30)
    told = [m for m in mail.outbox if "byly vypořádány" in m.subject]
    assert [m.to[0] for m in told] == [partner.email]
    assert reverse("rounds:my_comments", args=[slug, round.pk]) in told[0].body
    # Every e-mail of the round went out exactly once: three invitations, one reminder, the closing
    # notice to the gestor and the writer, and the settlement notice to the commenter.
    sent = [(m.to[0], m.subject.split(":")[0].split("“")[0]) for m in mail.outbox]
    assert sorted(sent) == sorted([
        (partner.email, "Pozvánka k připomínkám"), (partner2.email, "Pozvánka k připomínkám"),
        (member.email, "Pozvánka k připomínkám"), (member.email, "Připomenutí"),
        (gestor.email, "Kolo „Připomínky k návrhu koncepce"), (writer.email, "Kolo „Připomínky k návrhu koncepce"),
        (partner.email, "Vaše připomínky ke „Připomínky k návrhu koncepce"),
    ]), sent
    table = client_for(partner2).get(reverse("rounds:settlement_table", args=[slug, round.pk])).content.decode()
    assert "Kapacita je řešena v opatření 1.2." in table
