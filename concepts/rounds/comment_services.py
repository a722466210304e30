"""Comments of invitees and their settlement (vypořádání).

The server's clock decides every deadline: a comment saved at ``deadline - 1 s`` is kept, at the
deadline or later it is refused with a message that says so. Numbers are given under a row lock
on the round, so two comments saved at once never share a number.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concepts.models import Section, VersionSection
from portal.aggregates import changes_aggregates
from portal.audit import audit
from portal.concurrency import BatchConflict, EditConflict, save_keyed, update_if_unchanged
from portal.models import AuditEntry

from .models import Comment, Round, RoundInvitation, Settlement
from .receipts import receipt_after_change

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TEXT_LIMIT = 10000


def _deadline_message(deadline: datetime) -> str:
    return _(
        "The deadline for comments passed on %(deadline)s (server time). Your text was not saved; "
        "copy it and send it to the concept owner if it is still important."
    ) % {"deadline": date_format(timezone.localtime(deadline), "j. n. Y H:i:s")}


def _require_open(invitation: RoundInvitation, now: datetime) -> None:
    round = invitation.round
    if round.status != Round.Status.SCHEDULED or now < round.opens_at:
        raise ValidationError(_("This round is not open for comments."), code="not_open")
    if now >= invitation.deadline:
        raise ValidationError(_deadline_message(invitation.deadline), code="deadline")


def _clean_fields(*, kind: str, text: str, proposed_wording: str, quote: str, paragraph: int | None) -> dict:
    errors = {}
    text, proposed_wording, quote = (text or "").strip(), (proposed_wording or "").strip(), (quote or "").strip()
    if kind not in Comment.Kind.values:
        errors["kind"] = _("Choose whether the comment is essential or a recommendation.")
    if not text:
        errors["text"] = _("Write the comment.")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The comment is too long (at most %(n)s characters).") % {"n": TEXT_LIMIT}
    if len(proposed_wording) > TEXT_LIMIT:
        errors["proposed_wording"] = _("The proposed wording is too long (at most %(n)s characters).") % {"n": TEXT_LIMIT}
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "text": text, "proposed_wording": proposed_wording, "quote": quote[:2000],
            "paragraph": paragraph or None}


def next_number(round: Round) -> int:
    """The next free comment number; call inside a transaction that has locked the round row."""
    return (Comment.objects.filter(round=round).aggregate(n=Max("number"))["n"] or 0) + 1


@changes_aggregates
def comment_create(
    *,
    invitation: RoundInvitation,
    actor: User,
    section: VersionSection,
    kind: str,
    text: str,
    proposed_wording: str = "",
    quote: str = "",
    paragraph: int | None = None,
    now: datetime | None = None,
) -> Comment:
    now = now or timezone.now()
    round = invitation.round
    _require_open(invitation, now)
    if section.version_id != round.version_id:
        raise ValidationError({"section": _("Choose a section of the version put out in this round.")})
    fields = _clean_fields(kind=kind, text=text, proposed_wording=proposed_wording, quote=quote, paragraph=paragraph)
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round.pk).first()
        comment = Comment.objects.create(
            round=round, section=section, number=next_number(round), author=actor, invitation=invitation,
            organisation=invitation.organisation, author_name=actor.get_full_name() or actor.get_username(),
            author_email=actor.email, created_at=now, updated_at=now, **fields,
        )
        if invitation.no_comments_at:
            # Commenting after all replaces the earlier "no comments" answer.
            RoundInvitation.objects.filter(pk=invitation.pk).update(no_comments_at=None)
            invitation.no_comments_at = None
        receipt_after_change(invitation, now)
    return comment


@changes_aggregates
def comment_update(
    *,
    comment: Comment,
    actor: User,
    kind: str,
    text: str,
    proposed_wording: str = "",
    quote: str | None = None,
    paragraph: int | None = None,
    now: datetime | None = None,
) -> Comment:
    now = now or timezone.now()
    if comment.author_id != actor.pk or comment.invitation_id is None:
        raise ValidationError(_("Only the author can change a comment."))
    if comment.is_withdrawn:
        raise ValidationError(_("This comment has been withdrawn."))
    _require_open(comment.invitation, now)
    fields = _clean_fields(
        kind=kind, text=text, proposed_wording=proposed_wording,
        quote=comment.quote if quote is None else quote, paragraph=paragraph,
    )
    for name, value in fields.items():
        setattr(comment, name, value)
    comment.updated_at = now
    with transaction.atomic():
        comment.save(update_fields=[*fields, "updated_at"])
        receipt_after_change(comment.invitation, now)
    return comment


@changes_aggregates
def comment_withdraw(*, comment: Comment, actor: User, now: datetime | None = None) -> Comment:
    now = now or timezone.now()
    if comment.author_id != actor.pk or comment.invitation_id is None:
        raise ValidationError(_("Only the author can withdraw a comment."))
    _require_open(comment.invitation, now)
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
        comment.withdrawn_at = now
        receipt_after_change(comment.invitation, now)
    return comment


# --- settlement -------------------------------------------------------------------------


def _check_next_section(round: Round, uid) -> uuid.UUID | None:
    if not uid:
        return None
    try:
        uid = uuid.UUID(str(uid))
    except ValueError:
        raise ValidationError({"next_section_uid": _("Choose a section of the next version.")}) from None
    concept = round.version.concept
    later = VersionSection.objects.filter(
        version__concept=concept, version__number__gt=round.version.number, uid=uid
    ).exists()
    if not (later or Section.objects.filter(concept=concept, uid=uid).exists()):
        raise ValidationError({"next_section_uid": _("Choose a section of the next version.")})
    return uid


def _require_settleable(comment: Comment, now: datetime) -> None:
    round = comment.round
    if round.status == Round.Status.PUBLISHED:
        raise ValidationError(_("The settlement table has been published; settlements can no longer change."))
    if round.status not in {Round.Status.SCHEDULED, Round.Status.SETTLED} or now < comment.deadline:
        raise ValidationError(
            _("Comment %(n)s can be settled once its deadline has passed.") % {"n": comment.number or "–"}
        )
    if comment.is_withdrawn or (comment.is_public and comment.moderation != Comment.Moderation.APPROVED):
        raise ValidationError(_("Comment %(n)s is not in the settlement.") % {"n": comment.number or "–"})


@changes_aggregates
def settlement_save(
    *,
    comments: list[Comment],
    outcome: str,
    justification: str,
    actor: User,
    next_section_uid=None,
    now: datetime | None = None,
    expected_version: int | None = None,
    expected_versions: dict[int, int] | None = None,
) -> list[Settlement]:
    """Settle one comment, or several identical ones with the same answer. The justification is
    required unless the comment was accepted. Changing an answer away from "not accepted" drops the
    dispute record, which would no longer be a dispute.

    ``expected_version`` (one comment, from the settlement form) is the optimistic lock: the
    settlement's ``edit_version`` as loaded, 0 when there was none. If someone settled the comment
    since, :class:`~portal.concurrency.EditConflict` is raised and nothing is saved.

    ``expected_versions`` (several comments, from the bulk form) is the same for each comment,
    ``{comment pk: version}``: if any of them was settled since, the whole batch is refused with
    :class:`~portal.concurrency.BatchConflict` naming them, and nothing is saved."""
    now = now or timezone.now()
    justification = (justification or "").strip()
    if not comments:
        raise ValidationError(_("Select at least one comment."))
    if outcome not in Settlement.Outcome.values:
        raise ValidationError({"outcome": _("Choose how the comment is settled.")})
    if outcome != Settlement.Outcome.ACCEPTED and not justification:
        raise ValidationError({"justification": _("A justification is required unless the comment is accepted.")})
    for comment in comments:
        _require_settleable(comment, now)
    uid = _check_next_section(comments[0].round, next_section_uid)
    settlements = []
    values = {"outcome": outcome, "justification": justification, "next_section_uid": uid,
              "settled_by": actor, "settled_at": now}
    if expected_version is not None:
        expected_versions = {comments[0].pk: expected_version}
    if expected_versions is not None and any(c.pk not in expected_versions for c in comments):
        raise ValidationError(_("The page is out of date. Reload it."))
    conflicts = []
    with transaction.atomic():
        for comment in comments:
            if expected_versions is not None:
                try:
                    settlement = _settle_locked(comment, values, expected_versions[comment.pk])
                except EditConflict:
                    if len(comments) == 1:
                        raise
                    conflicts.append(_("comment no. %(n)s") % {"n": comment.number})
                    continue
            else:
                settlement, _created = Settlement.objects.update_or_create(comment=comment, defaults=values)
                Settlement.objects.filter(pk=settlement.pk).update(edit_version=F("edit_version") + 1)
            if not settlement.is_dispute and (settlement.dispute_result or settlement.dispute_meeting_on):
                settlement.dispute_result, settlement.dispute_meeting_on, settlement.dispute_note = "", None, ""
                settlement.save(update_fields=["dispute_result", "dispute_meeting_on", "dispute_note"])
            settlements.append(settlement)
        if conflicts:
            raise BatchConflict(conflicts)  # leaving the transaction undoes the rows saved before
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=comments[0].round,
              detail={"settled": [c.number for c in comments], "outcome": outcome})
    return settlements


def _settle_locked(comment: Comment, values: dict, expected_version: int) -> Settlement:
    return save_keyed(Settlement.objects.select_related("settled_by"), key={"comment": comment},
                      expected_version=expected_version, fields=values)


def next_unsettled(round: Round, after: Comment | None = None, *, assigned_to=None) -> Comment | None:
    """The next comment without a settlement in table order (after ``after``, wrapping round),
    among those assigned to ``assigned_to`` when given."""
    from .selectors import settlement_rows

    rows = settlement_rows(round).filter(settlement__isnull=True)
    if assigned_to is not None:
        rows = rows.filter(assigned_to=assigned_to)
    if after is not None:
        rows = rows.exclude(pk=after.pk)
        later = rows.filter(
            Q(section__order__gt=after.section.order) | Q(section__order=after.section.order, number__gt=after.number)
        ).first()
        if later is not None:
            return later
    return rows.first()


@changes_aggregates
def comments_assign(*, round: Round, comments, assignee, actor: User, loaded: dict[int, int] | None = None) -> int:
    """Give comments to one person to settle (``assignee`` None takes them back). Only people who
    may settle comments in the municipality can be assigned.

    ``loaded`` (from the settle page) is ``{comment pk: assignee pk as the person saw it, 0 for
    nobody}``: if anyone reassigned one of the comments since, the whole batch is refused with
    :class:`~portal.concurrency.BatchConflict` naming them, and nothing is saved."""
    from portal.permissions import holders
    from portal.selectors import people_in

    if assignee is not None and not people_in(round.municipality, *holders("concepts.settle_comments")).filter(
        pk=assignee.pk
    ).exists():
        raise ValidationError({"assignee": _("Choose someone who settles comments here.")})
    ids = [c.pk for c in comments]
    with transaction.atomic():
        if loaded is not None:
            now_assigned = Comment.objects.select_for_update().filter(round=round, pk__in=ids).order_by("pk")
            changed = [c.number for c in now_assigned if (c.assigned_to_id or 0) != loaded.get(c.pk, -1)]
            if changed:
                raise BatchConflict([_("comment no. %(n)s") % {"n": n} for n in changed])
        count = Comment.objects.filter(round=round, pk__in=ids).update(assigned_to=assignee)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round,
              detail={"assigned": sorted(ids), "to": assignee.get_username() if assignee else None})
    return count


@changes_aggregates
def dispute_record(*, settlement: Settlement, meeting_on: date | None, result: str, note: str, actor: User,
                   expected_version: int | None = None) -> Settlement:
    """Record the outcome of the dispute meeting (rozporové řízení) on an essential comment that was not accepted.

    ``expected_version`` is the settlement's version as loaded: if someone changed the settlement
    or its dispute record since, :class:`~portal.concurrency.EditConflict` is raised and nothing is saved."""
    if not settlement.is_dispute:
        raise ValidationError(_("Only an essential comment that was not accepted is a dispute."))
    if settlement.comment.round.status == Round.Status.PUBLISHED:
        raise ValidationError(_("The settlement table has been published; settlements can no longer change."))
    errors = {}
    if result not in Settlement.DisputeResult.values:
        errors["dispute_result"] = _("Choose the outcome of the dispute meeting.")
    if not meeting_on:
        errors["dispute_meeting_on"] = _("Enter the date of the dispute meeting.")
    if not (note or "").strip():
        errors["dispute_note"] = _("Record what was agreed at the meeting.")
    if errors:
        raise ValidationError(errors)
    fields = {"dispute_meeting_on": meeting_on, "dispute_result": result, "dispute_note": note.strip()}
    update_if_unchanged(Settlement.objects.select_related("settled_by"), pk=settlement.pk,
                        expected_version=expected_version, fields=fields)
    settlement.refresh_from_db()
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=settlement.comment.round,
          detail={"dispute": settlement.comment.number, "result": result})
    return settlement


@changes_aggregates
def round_settle_complete(*, round: Round, actor: User, now: datetime | None = None) -> Round:
    """Closed → settled, once every comment is settled and every dispute has a recorded outcome."""
    from .services import final_deadline

    now = now or timezone.now()
    if round.status != Round.Status.SCHEDULED or final_deadline(round) > now:
        raise ValidationError(_("The round can be settled only after it has closed."))
    comments = Comment.objects.filter(round=round).active()
    unsettled = comments.filter(settlement__isnull=True).count()
    if unsettled:
        raise ValidationError(_("%(n)s comments are not settled yet.") % {"n": unsettled})
    open_disputes = comments.filter(
        kind=Comment.Kind.ESSENTIAL, is_public=False, settlement__outcome=Settlement.Outcome.NOT_ACCEPTED,
        settlement__dispute_result=""
    ).count()
    if open_disputes:
        raise ValidationError(_("Record the outcome of the dispute meeting for %(n)s disputes first.") % {"n": open_disputes})
    pending_public = Comment.objects.filter(
        round=round, is_public=True, confirmed_at__isnull=False, moderation=Comment.Moderation.PENDING,
        withdrawn_at__isnull=True,
    ).count()
    if pending_public:
        raise ValidationError(_("%(n)s public comments are waiting for moderation.") % {"n": pending_public})
    with transaction.atomic():
        Round.objects.filter(pk=round.pk).update(status=Round.Status.SETTLED, settled_at=now)
        round.status, round.settled_at = Round.Status.SETTLED, now
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, detail={"status": "settled"})
    return round


def identical_groups(round: Round) -> dict[int, list[int]]:
    """Comment pk → pks of the other active comments with the same text (whitespace and case aside)."""
    by_text: dict[str, list[int]] = {}
    for pk, text in Comment.objects.filter(round=round).active().values_list("pk", "text"):
        by_text.setdefault(" ".join(text.lower().split()), []).append(pk)
    groups = {}
    for pks in by_text.values():
        if len(pks) > 1:
            for pk in pks:
                groups[pk] = [other for other in pks if other != pk]
    return groups
