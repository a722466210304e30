"""Issue 13: no silent overwrite in the settlement workspace and around it. Two sessions change the
same record; one wins, the other is refused and shown what the first saved:
* settling several comments at once: the whole batch is refused, naming the conflicting comments;
* assigning several comments: likewise;
* the dispute record, a public comment's moderation and a decision on more time: the conflict page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concepts.rounds.models import Comment, RoundInvitation, Settlement

from .factories import CommentFactory, InvitationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(closed_round, sections):
    return [CommentFactory(round=closed_round, section=sections[0], number=n, kind="essential") for n in (1, 2, 3)]


def _loaded_versions(page) -> list[str]:
    """The ``pk:version`` values the settle page sends back, as a browser would."""
    return re.findall(r'name="edit_versions" value="([0-9]+:[0-9]+)"', page.content.decode())


def test_it_refuses_a_whole_settlement_batch_when_another_session_settled_one_of_its_comments(
    client_for, gestor, writer, closed_round, comments,
):
    url = reverse("rounds:settle", args=[closed_round.municipality.slug, closed_round.pk])
    first, second = client_for(gestor), client_for(writer)
    first_versions, second_versions = _loaded_versions(first.get(url)), _loaded_versions(second.get(url))
    assert sorted(second_versions) == sorted(f"{c.pk}:0" for c in comments)

    won = first.post(url, {"comments": [comments[1].pk], "outcome": "accepted", "justification": "",
                           "edit_versions": first_versions})
    assert won.status_code == 302
    lost = second.post(url, {"comments": [c.pk for c in comments], "outcome": "not_accepted",
                             "justification": "Nelze.", "edit_versions": second_versions})

    assert lost.status_code == 409
    page = lost.content.decode()
    assert "comment no. 2" in page or "připomínka č. 2" in page
    # Nothing of the batch was saved: not the two free comments, and the settled one is as the first left it.
    assert Settlement.objects.count() == 1
    assert Settlement.objects.get(comment=comments[1]).outcome == "accepted"
    # Reloaded, the page carries the new version, and the batch goes through.
    again = second.post(url, {"comments": [c.pk for c in comments], "outcome": "not_accepted", "justification": "Nelze.",
                              "edit_versions": _loaded_versions(second.get(url))})
    assert again.status_code == 302
    assert set(Settlement.objects.values_list("outcome", flat=True)) == {"not_accepted"}


def test_a_settlement_batch_without_the_versions_of_its_rows_is_refused(client_for, gestor, closed_round, comments):
    url = reverse("rounds:settle", args=[closed_round.municipality.slug, closed_round.pk])
    response = client_for(gestor).post(url, {"comments": [comments[0].pk], "outcome": "accepted", "justification": ""})
    assert response.status_code == 200 and not Settlement.objects.exists()


def test_it_refuses_a_whole_assignment_batch_when_another_session_reassigned_one_of_its_comments(
    client_for, gestor, writer, closed_round, comments,
):
    slug = closed_round.municipality.slug
    url = reverse("rounds:comments_assign", args=[slug, closed_round.pk])
    loaded = [f"{c.pk}:0" for c in comments]  # both sessions saw nobody assigned
    client_for(writer).post(url, {"comments": [comments[0].pk], "assignee": writer.pk, "loaded_assignees": loaded})
    assert Comment.objects.get(pk=comments[0].pk).assigned_to == writer

    lost = client_for(gestor).post(url, {"comments": [c.pk for c in comments], "assignee": gestor.pk,
                                         "loaded_assignees": loaded}, follow=True)
    page = lost.content.decode()
    assert "comment no. 1" in page or "připomínka č. 1" in page
    assert list(Comment.objects.filter(assigned_to=gestor)) == []  # nothing of the batch saved
    assert Comment.objects.get(pk=comments[0].pk).assigned_to == writer


def test_the_second_of_two_sessions_recording_one_dispute_meeting_sees_the_conflict(
    client_for, gestor, writer, closed_round, comments,
):
    settlement = Settlement.objects.create(comment=comments[0], outcome="not_accepted", justification="Ne.")
    slug = closed_round.municipality.slug
    page_url = reverse("rounds:comment_settle", args=[slug, closed_round.pk, comments[0].pk])
    url = reverse("rounds:dispute_record", args=[slug, closed_round.pk, comments[0].pk])
    first, second = client_for(gestor), client_for(writer)
    loaded = first.get(page_url).context["dispute_form"].initial["edit_version"]
    assert second.get(page_url).context["dispute_form"].initial["edit_version"] == loaded == settlement.edit_version

    won = first.post(url, {"dispute_meeting_on": "2026-03-02", "dispute_result": "resolved", "dispute_note": "Dohoda.",
                           "edit_version": loaded})
    assert won.status_code == 302
    lost = second.post(url, {"dispute_meeting_on": "2026-03-03", "dispute_result": "persists",
                             "dispute_note": "Rozpor trvá.", "edit_version": loaded})

    assert lost.status_code == 409
    html = lost.content.decode()
    assert 'id="conflict"' in html and "Dohoda." in html and "Rozpor trvá." in html
    saved = Settlement.objects.get(pk=settlement.pk)
    assert saved.dispute_result == "resolved" and saved.dispute_note == "Dohoda."
    assert lost.context["form"]["edit_version"].value() == str(saved.edit_version)


def test_the_second_of_two_moderators_of_one_public_comment_sees_the_conflict(
    client_for, gestor, writer, version, sections,
):
    round = RoundFactory(version=version, audience="public")
    comment = CommentFactory(round=round, section=sections[0], number=None, is_public=True, moderation="pending",
                             confirmed_at=timezone.now(), author_email="x@x.cz")
    url = reverse("rounds:comment_moderate", args=["ostrava", round.pk, comment.pk])
    listing = reverse("rounds:moderation", args=["ostrava", round.pk])
    first, second = client_for(gestor), client_for(writer)
    for client in (first, second):
        assert f'name="edit_version" value="{comment.edit_version}"' in client.get(listing).content.decode()

    won = first.post(url, {"action": "hide", "reason": "Reklama", "edit_version": comment.edit_version})
    assert won.status_code == 302
    lost = second.post(url, {"action": "approve", "reason": "", "edit_version": comment.edit_version})

    assert lost.status_code == 409
    assert 'id="conflict"' in lost.content.decode() and "Reklama" in lost.content.decode()
    comment.refresh_from_db()
    assert comment.moderation == "hidden" and comment.number is None
    # Sending the re-bound form again is the deliberate choice to approve it after all.
    again = second.post(url, {"action": "approve", "reason": "", "edit_version": comment.edit_version})
    assert again.status_code == 302
    comment.refresh_from_db()
    assert comment.moderation == "approved" and comment.number == 1


def test_the_second_of_two_decisions_on_more_time_sees_the_conflict(client_for, gestor, open_round, partner, ngo):
    invitation = InvitationFactory(round=open_round, user=partner, organisation=ngo,
                                   extension_requested_at=timezone.now(), extension_reason="Porada vedení.",
                                   extension_requested_until=open_round.deadline + timedelta(days=5))
    url = reverse("rounds:extension_decide", args=["ostrava", open_round.pk, invitation.pk])
    until = timezone.localtime(open_round.deadline + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    first, second = client_for(gestor), client_for(gestor)  # two tabs, or two gestors

    won = first.post(url, {"decision": "refuse", "until": "", "edit_version": invitation.edit_version})
    assert won.status_code == 302
    lost = second.post(url, {"decision": "grant", "until": until, "edit_version": invitation.edit_version})

    assert lost.status_code == 409 and 'id="conflict"' in lost.content.decode()
    saved = RoundInvitation.objects.get(pk=invitation.pk)
    assert saved.extension_refused and saved.extension_until is None


def test_a_new_request_for_more_time_makes_a_decision_on_the_old_one_conflict(client_for, gestor, invitation, open_round):
    url = reverse("rounds:extension_decide", args=["ostrava", open_round.pk, invitation.pk])
    loaded = invitation.edit_version
    from concepts.rounds import services

    services.extension_request(invitation=invitation, until=open_round.deadline + timedelta(days=9), reason="Ještě víc.")
    lost = client_for(gestor).post(url, {"decision": "refuse", "until": "", "edit_version": loaded})
    assert lost.status_code == 409
    assert RoundInvitation.objects.get(pk=invitation.pk).extension_pending
