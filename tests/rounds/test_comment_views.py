from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from concepts.rounds.models import Comment, Round, RoundInvitation

DEADLINE_PASSED = (
    "The deadline for comments passed on %(deadline)s (server time). Your text was not saved; "
    "copy it and send it to the concept owner if it is still important."
)


def test_a_partner_comments_on_a_quoted_passage(client_for, partner, invitation, sections):
    section = sections[1]
    url = reverse("rounds:comment_create", args=["ostrava", invitation.round.pk, section.pk])
    form = client_for(partner).get(url + "?quote=Druhý%20odstavec&paragraph=2")
    assert form.context["form"].initial["quote"] == "Druhý odstavec"
    assert "¶ 2" in form.content.decode()
    response = client_for(partner).post(url, {"section": section.pk, "kind": "essential", "text": "<b>Důležité</b>",
                                              "quote": "Druhý odstavec", "paragraph": "2"})
    assert response.status_code == 302 and response["Location"].endswith(f"#s-{section.uid}")
    comment = Comment.objects.get()
    assert (comment.section, comment.quote, comment.paragraph, comment.author, comment.organisation) == (
        section, "Druhý odstavec", 2, partner, invitation.organisation)
    read = client_for(partner).get(reverse("rounds:round_read", args=["ostrava", invitation.round.pk])).content.decode()
    assert ngettext("%(counter)s comment", "%(counter)s comments", 1) % {"counter": 1} in read
    # The comments themselves load per section on demand.
    shown = client_for(partner).get(
        reverse("rounds:section_comments", args=["ostrava", invitation.round.pk, section.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "&lt;b&gt;Důležité&lt;/b&gt;" in shown


def test_after_the_deadline_the_form_says_so_and_keeps_the_text(client_for, partner, invitation, sections):
    Round.objects.filter(pk=invitation.round_id).update(deadline=timezone.now() - timedelta(seconds=1))
    url = reverse("rounds:comment_create", args=["ostrava", invitation.round_id, sections[0].pk])
    response = client_for(partner).post(url, {"section": sections[0].pk, "kind": "essential", "text": "Můj text"})
    assert response.status_code == 200
    assert gettext(DEADLINE_PASSED).split("%(")[0] in response.content.decode()  # in the language of the page
    assert "Můj text" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_member_who_was_not_invited_cannot_comment(client_for, member, invitation, sections):
    url = reverse("rounds:comment_create", args=["ostrava", invitation.round_id, sections[0].pk])
    assert client_for(member).get(url).status_code == 404


def test_edit_and_withdraw_own_comment_only(client_for, partner, partner2, invitation, sections):
    from .factories import CommentFactory, InvitationFactory

    comment = CommentFactory(round=invitation.round, invitation=invitation, author=partner, section=sections[0])
    InvitationFactory(round=invitation.round, user=partner2)
    edit = reverse("rounds:comment_edit", args=["ostrava", invitation.round_id, comment.pk])
    assert client_for(partner2).get(edit).status_code == 404
    client_for(partner).post(edit, {"section": sections[0].pk, "kind": "recommendation", "text": "Nové znění"})
    assert Comment.objects.get().text == "Nové znění"
    withdraw = reverse("rounds:comment_withdraw", args=["ostrava", invitation.round_id, comment.pk])
    assert client_for(partner2).post(withdraw).status_code == 404
    client_for(partner).post(withdraw)
    assert Comment.objects.get().withdrawn_at is not None


def test_no_comments_needs_the_box_ticked(client_for, partner, invitation):
    url = reverse("rounds:no_comments", args=["ostrava", invitation.round_id])
    client_for(partner).post(url, {})
    assert RoundInvitation.objects.get().no_comments_at is None
    client_for(partner).post(url, {"confirm": "on"})
    assert RoundInvitation.objects.get().no_comments_at is not None


def test_extension_asked_by_the_partner_and_granted_by_the_gestor(client_for, partner, gestor, invitation):
    round = invitation.round
    until = timezone.localtime(round.deadline + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client_for(partner).post(reverse("rounds:extension_request", args=["ostrava", round.pk]),
                             {"until": until, "reason": "Čekáme na vyjádření ředitele."})
    invitation.refresh_from_db()
    assert invitation.extension_pending
    listing = client_for(gestor).get(reverse("rounds:invitation_list", args=["ostrava", round.pk]) + "?answer=extension")
    assert "Čekáme na vyjádření ředitele." in listing.content.decode()
    client_for(gestor).post(reverse("rounds:extension_decide", args=["ostrava", round.pk, invitation.pk]),
                            {"decision": "grant", "until": until, "edit_version": invitation.edit_version})
    invitation.refresh_from_db()
    assert invitation.deadline > round.deadline and not invitation.extension_pending
    assert invitation.can_comment_at(round.deadline + timedelta(days=1))
