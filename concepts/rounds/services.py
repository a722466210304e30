"""The life of a comment round: preparing, scheduling, opening (invitations), reminders, closing,
re-opening, personal extensions and publishing the settlement table.

Comments and their settlement are in :mod:`.comment_services`; public comments in
:mod:`.public_services`. The round's open/closed state comes from the clock (``Round.state_at``);
these services only record the human acts and do the side work the clock triggers, each step
idempotent (keyed e-mails in the sent-message log, conditional updates that claim the work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concepts.models import Version
from portal.aggregates import changes_aggregates
from portal.audit import audit
from portal.concurrency import update_if_unchanged
from portal.mail import absolute_url, send_once
from portal.models import AuditEntry, Membership, Municipality, Organisation
from portal.notifications import notify
from portal.outbox import enqueue
from portal.permissions import holders
from portal.roles import Role
from portal.selectors import people_in
from portal.services import invitation_create, invitation_link

from .closing import deadline_changed, notify_invitees, validate_new_deadline, working_day_deadline
from .models import Comment, Round, RoundInvitation
from .publishing import round_notify_settlements, round_publish  # noqa: F401 — part of this module's API

if TYPE_CHECKING:
    from django.contrib.auth.models import User

User = get_user_model()

EDITABLE_STATUSES = {Round.Status.DRAFT, Round.Status.SCHEDULED}


# --- preparing a round -----------------------------------------------------------------------


def parse_emails(text: str) -> list[str]:
    """The e-mail addresses of the "invite by e-mail" field (one per line, or separated by commas)."""
    emails: list[str] = []
    for raw in text.replace(",", "\n").replace(";", "\n").splitlines():
        email = raw.strip().lower()
        if email and email not in emails:
            emails.append(email)
    return emails


def _validate_round(*, municipality: Municipality, version: Version, opens_at: datetime, deadline: datetime,
                    reminder_days: list[int], invited_emails: str) -> None:
    errors: dict[str, list[str]] = {}
    if version.concept.municipality_id != municipality.pk:
        errors.setdefault("version", []).append(_("Choose a version of this municipality's concept."))
    if opens_at and deadline and deadline <= opens_at:
        errors.setdefault("deadline", []).append(_("The deadline must be later than the opening time."))
    if any(int(d) <= 0 for d in reminder_days):
        errors.setdefault("reminder_days", []).append(_("Reminders are sent a whole number of days (1 or more) before the deadline."))
    for email in parse_emails(invited_emails):
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("invited_emails", []).append(_("“%(email)s” is not an e-mail address.") % {"email": email})
    if errors:
        raise ValidationError(errors)


@changes_aggregates
def round_create(
    *,
    municipality: Municipality,
    version: Version,
    title: str,
    opens_at: datetime,
    deadline: datetime,
    actor: User,
    audience: str = Round.Audience.INVITED,
    description: str = "",
    reminder_days: list[int] | None = None,
    invited_users=(),
    invited_organisations=(),
    invited_emails: str = "",
    working_days: int | None = None,
) -> Round:
    if working_days:
        deadline = working_day_deadline(opens_at, working_days)
    reminder_days = sorted({int(d) for d in (reminder_days if reminder_days is not None else [3, 1])}, reverse=True)
    _validate_round(municipality=municipality, version=version, opens_at=opens_at, deadline=deadline,
                    reminder_days=reminder_days, invited_emails=invited_emails)
    with transaction.atomic():
        round = Round.objects.create(
            municipality=municipality, version=version, title=title, description=description, audience=audience,
            opens_at=opens_at, deadline=deadline, reminder_days=reminder_days, working_days=working_days or None,
            invited_emails="\n".join(parse_emails(invited_emails)), created_by=actor,
        )
        round.invited_users.set(invited_users)
        round.invited_organisations.set(invited_organisations)
        audit(actor=actor, action=AuditEntry.Action.CREATE, obj=round, municipality=municipality)
    return round


@changes_aggregates
def round_update(*, round: Round, actor: User, expected_version: int | None = None, **fields) -> Round:
    """Change a round that has not been settled. Once it has opened, the version and the audience
    kind stay as they were (the invitees read that version); people can still be added."""
    if round.status not in EDITABLE_STATUSES:
        raise ValidationError(_("A settled round can no longer be changed."))
    started = round.status == Round.Status.SCHEDULED and round.opens_at <= timezone.now()
    if started and (fields.get("version", round.version) != round.version or fields.get("audience", round.audience) != round.audience):
        raise ValidationError(_("The round has opened: its version and audience can no longer change."))
    users = fields.pop("invited_users", None)
    organisations = fields.pop("invited_organisations", None)
    if fields.get("working_days"):
        fields["deadline"] = working_day_deadline(fields.get("opens_at", round.opens_at), fields["working_days"])
    elif "working_days" in fields:
        fields["working_days"] = None
    old_deadline = round.deadline
    moved = started and "deadline" in fields and fields["deadline"] != old_deadline
    if moved:
        validate_new_deadline(round, fields["deadline"], timezone.now())
    if "reminder_days" in fields:
        fields["reminder_days"] = sorted({int(d) for d in fields["reminder_days"]}, reverse=True)
    if "invited_emails" in fields:
        fields["invited_emails"] = "\n".join(parse_emails(fields["invited_emails"]))
    _validate_round(
        municipality=round.municipality,
        version=fields.get("version", round.version),
        opens_at=fields.get("opens_at", round.opens_at),
        deadline=fields.get("deadline", round.deadline),
        reminder_days=fields.get("reminder_days", round.reminder_days),
        invited_emails=fields.get("invited_emails", round.invited_emails),
    )
    with transaction.atomic():
        if expected_version is not None:  # from the edit form: refuse to overwrite a newer save
            update_if_unchanged(Round.objects, pk=round.pk, expected_version=expected_version, fields={})
            round.edit_version = expected_version + 1
        for name, value in fields.items():
            setattr(round, name, value)
        round.save(update_fields=list(fields))
        if users is not None:
            round.invited_users.set(users)
        if organisations is not None:
            round.invited_organisations.set(organisations)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, municipality=round.municipality)
        if moved:
            deadline_changed(round=round, actor=actor, old=old_deadline, new=round.deadline)
        if started:
            # People added to a running round are invited at once; everyone else gets nothing new.
            _enqueue_open(round)
    return round


def _enqueue_open(round: Round) -> None:
    from .tasks import round_open_task

    enqueue(round_open_task, round.pk)


@changes_aggregates
def round_schedule(*, round: Round, actor: User, now: datetime | None = None) -> Round:
    """Draft → scheduled. The round opens by itself at its opening time (or at once if that has come)."""
    now = now or timezone.now()
    if round.status != Round.Status.DRAFT:
        raise ValidationError(_("Only a draft round can be scheduled."))
    if round.deadline <= now:
        raise ValidationError({"deadline": _("The deadline has already passed. Set a later one first.")})
    _require_audience(round)
    with transaction.atomic():
        Round.objects.filter(pk=round.pk).update(status=Round.Status.SCHEDULED)
        round.status = Round.Status.SCHEDULED
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, detail={"status": "scheduled"})
        if round.opens_at <= now:
            _enqueue_open(round)
    return round


@changes_aggregates
def round_open_now(*, round: Round, actor: User, now: datetime | None = None) -> Round:
    """Open a draft or scheduled round immediately; the invitations go out from the worker."""
    now = now or timezone.now()
    if round.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This round has already been settled."))
    if round.deadline <= now:
        raise ValidationError({"deadline": _("The deadline has already passed. Set a later one first.")})
    _require_audience(round)
    with transaction.atomic():
        if round.opens_at > now:
            round.opens_at = now
        round.status = Round.Status.SCHEDULED
        round.save(update_fields=["opens_at", "status"])
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, detail={"status": "open"})
        _enqueue_open(round)
    return round


@changes_aggregates
def round_reopen(*, round: Round, deadline: datetime, actor: User, now: datetime | None = None) -> Round:
    """Give a closed, unsettled round a new deadline. Opening runs again: people added since are
    invited, nobody gets a second invitation (unique rows, keyed e-mails)."""
    now = now or timezone.now()
    if round.state_at(now) != Round.Status.CLOSED:
        raise ValidationError(_("Only a closed round that has not been settled can be re-opened."))
    if deadline <= now:
        raise ValidationError({"deadline": _("The new deadline must be in the future.")})
    with transaction.atomic():
        round.deadline = deadline
        round.closed_at = None
        round.save(update_fields=["deadline", "closed_at"])
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round, detail={"reopened_until": deadline.isoformat()})
        with translation.override("cs"):
            subject = _("The round “%(title)s” is open again until %(deadline)s") % {
                "title": round.title, "deadline": _format_dt(deadline)}
            notify_invitees(round=round, key=f"reopened:{deadline.isoformat()}", subject=subject, body=subject)
        _enqueue_open(round)
    return round


def _require_audience(round: Round) -> None:
    if round.audience != Round.Audience.INVITED:
        return
    if not (round.invited_users.exists() or round.invited_organisations.exists() or parse_emails(round.invited_emails)):
        raise ValidationError(_("Invite at least one person or organisation first."))


# --- opening: one invitation per invitee ----------------------------------------------------


@dataclass
class Invitee:
    email: str
    user: object | None = None
    name: str = ""
    organisation: Organisation | None = None


def _group_members(municipality: Municipality):
    from workgroups.selectors import group_member_users

    return group_member_users(municipality)


def audience_resolve(round: Round) -> list[Invitee]:
    """Everyone this round invites, one entry per e-mail address."""
    municipality = round.municipality
    organisation_of = dict(
        Membership.objects.filter(municipality=municipality, is_active=True, organisation__isnull=False)
        .values_list("user_id", "organisation_id")
    )
    organisations = {o.pk: o for o in Organisation.objects.filter(municipality=municipality)}
    invitees: dict[str, Invitee] = {}

    def add_user(user) -> None:
        email = (user.email or f"user{user.pk}@no-email.invalid").lower()
        if email not in invitees:
            invitees[email] = Invitee(
                email=email, user=user, name=user.get_full_name() or user.get_username(),
                organisation=organisations.get(organisation_of.get(user.pk)),
            )

    users = list(round.invited_users.filter(is_active=True))
    if round.audience == Round.Audience.MEMBERS:
        users += list(_group_members(municipality))
    invited_orgs = list(round.invited_organisations.all())
    org_people = User.objects.filter(
        memberships__municipality=municipality, memberships__is_active=True,
        memberships__organisation__in=invited_orgs, is_active=True,
    ).distinct()
    for user in [*users, *org_people]:
        add_user(user)
    covered = {i.organisation.pk for i in invitees.values() if i.organisation}
    for org in invited_orgs:
        if org.pk not in covered and org.email and org.email.lower() not in invitees:
            invitees[org.email.lower()] = Invitee(email=org.email.lower(), name=org.name, organisation=org)
    existing = {
        u.email.lower(): u
        for u in User.objects.filter(
            memberships__municipality=municipality, memberships__is_active=True, is_active=True
        ).exclude(email="")
    }
    for email in parse_emails(round.invited_emails):
        if email in invitees:
            continue
        if email in existing:
            add_user(existing[email])
        else:
            invitees[email] = Invitee(email=email)
    return list(invitees.values())


def round_open(*, round_id: int, now: datetime | None = None) -> int:
    """Create the missing invitations of a round that has opened and e-mail each invitee a personal
    link. Safe to run any number of times: invitations are unique per round and e-mail, and every
    e-mail is keyed in the sent-message log. Returns how many e-mails went out now."""
    now = now or timezone.now()
    round = Round.objects.select_related("municipality", "version").get(pk=round_id)
    if round.state_at(now) != Round.Status.OPEN:
        return 0
    sent = 0
    for invitee in audience_resolve(round):
        invitation = _invitation_get_or_create(round, invitee)
        if invitation.user_id is None and invitation.portal_invitation_id is None:
            portal_invitation = invitation_create(
                municipality=round.municipality, email=invitation.email, role=Role.PARTNER,
                actor=round.created_by, organisation=invitation.organisation,
                next_url=round.get_absolute_url(),
            )
            RoundInvitation.objects.filter(pk=invitation.pk).update(portal_invitation=portal_invitation)
            invitation.portal_invitation = portal_invitation
        sent += int(_send_invitation(invitation))
    Round.objects.filter(pk=round.pk, opened_at__isnull=True).update(opened_at=now)
    return sent


def _invitation_get_or_create(round: Round, invitee: Invitee) -> RoundInvitation:
    defaults = {"user": invitee.user, "name": invitee.name, "organisation": invitee.organisation}
    try:
        with transaction.atomic():
            invitation, _created = RoundInvitation.objects.get_or_create(
                round=round, email=invitee.email, defaults=defaults
            )
    except IntegrityError:  # another worker created it a moment ago
        invitation = RoundInvitation.objects.get(round=round, email=invitee.email)
    invitation.round = round
    return invitation


def _deliverable(email: str) -> bool:
    return not email.endswith(".invalid")


def _send_invitation(invitation: RoundInvitation) -> bool:
    round = invitation.round
    if not _deliverable(invitation.email):
        return False
    if invitation.portal_invitation_id:
        link = absolute_url(invitation_link(invitation.portal_invitation))
    else:
        link = absolute_url(round.get_absolute_url())
    with translation.override("cs"):
        return send_once(
            key=f"round:{round.pk}:invitation:{invitation.pk}",
            to=invitation.email,
            subject=_("Invitation to comment: %(title)s (%(municipality)s)")
            % {"title": round.title, "municipality": round.municipality.name},
            body=render_to_string(
                "rounds/email/invitation.txt",
                {"round": round, "invitation": invitation, "link": link, "needs_account": invitation.user_id is None},
            ),
            municipality=round.municipality,
        )


# --- reminders and closing -------------------------------------------------------------------


def silent_invitations(round: Round):
    """Invitees who have neither commented nor declared "no comments"."""
    commented = Comment.objects.filter(invitation=OuterRef("pk"), withdrawn_at__isnull=True)
    return (
        RoundInvitation.objects.filter(round=round, no_comments_at__isnull=True)
        .annotate(commented=Exists(commented))
        .filter(commented=False)
        .select_related("round", "round__municipality")
    )


def answers_of(round: Round):
    """The round's invitations with ``commented`` (has a comment that was not withdrawn)."""
    commented = Comment.objects.filter(invitation=OuterRef("pk"), withdrawn_at__isnull=True)
    return (
        RoundInvitation.objects.filter(round=round)
        .annotate(commented=Exists(commented))
        .select_related("organisation", "user", "round")
        .order_by("organisation__name", "name", "email")
    )


def round_send_reminders(*, round: Round, now: datetime | None = None) -> int:
    """Remind silent invitees before their (personal) deadline. Of the reminder points already
    passed, only the latest counts, and only if the invitee was invited before it; each reminder is
    keyed, so a second run sends nothing."""
    now = now or timezone.now()
    if round.status != Round.Status.SCHEDULED or round.opens_at > now:
        return 0
    offsets = round.reminder_offsets()
    sent = 0
    for invitation in silent_invitations(round):
        deadline = invitation.deadline
        if now >= deadline or not _deliverable(invitation.email):
            continue
        due = [o for o in offsets if deadline - o <= now]
        if not due:
            continue
        offset = min(due)
        if invitation.created_at >= deadline - offset:
            continue
        link = absolute_url(round.get_absolute_url())
        with translation.override("cs"):
            sent += int(send_once(
                key=f"round:{round.pk}:reminder:{invitation.pk}:{offset.days}:{deadline.isoformat()}",
                to=invitation.email,
                subject=_("Reminder: comments on %(title)s are due %(deadline)s")
                % {"title": round.title, "deadline": _format_dt(deadline)},
                body=render_to_string(
                    "rounds/email/reminder.txt",
                    {"round": round, "invitation": invitation, "deadline": deadline, "link": link},
                ),
                municipality=round.municipality,
            ))
    return sent


def final_deadline(round: Round) -> datetime:
    """The last moment anyone may still comment: the deadline or the latest personal extension."""
    latest = round.invitations.aggregate(latest=Max("extension_until"))["latest"]
    return max(round.deadline, latest) if latest else round.deadline


@changes_aggregates
def round_close(*, round: Round, now: datetime | None = None) -> bool:
    """Closing-time work once the last deadline has passed: tell the people who settle comments.
    Claimed with a conditional update, so it happens once."""
    now = now or timezone.now()
    if round.status != Round.Status.SCHEDULED or final_deadline(round) > now:
        return False
    with transaction.atomic():
        claimed = Round.objects.filter(pk=round.pk, closed_at__isnull=True).update(closed_at=now)
        if not claimed:
            return False
        count = Comment.objects.filter(round=round).active().count()
        settlers = people_in(round.municipality, *holders("concepts.settle_comments"))
        with translation.override("cs"):
            for user in settlers:
                notify(
                    user=user,
                    subject=ngettext("The round “%(title)s” has closed: %(count)s comment to settle",
                                     "The round “%(title)s” has closed: %(count)s comments to settle", count)
                    % {"title": round.title, "count": count},
                    body=_("The deadline has passed. Settle each comment in the settlement workspace."),
                    url=reverse_settle(round),
                    municipality=round.municipality,
                )
    return True


def reverse_settle(round: Round) -> str:
    from django.urls import reverse

    return reverse("rounds:settle", args=[round.municipality.slug, round.pk])


def _format_dt(value: datetime) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(value), "j. n. Y G:i")


# --- invitees: "no comments" and extensions ----------------------------------------------


@changes_aggregates
def invitation_declare_no_comments(*, invitation: RoundInvitation, now: datetime | None = None) -> RoundInvitation:
    now = now or timezone.now()
    if not invitation.can_comment_at(now):
        raise ValidationError(_("The deadline has passed; your answer can no longer change."))
    if invitation.comments.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(_("You have already sent comments. Withdraw them first if you have none after all."))
    RoundInvitation.objects.filter(pk=invitation.pk).update(no_comments_at=now)
    invitation.no_comments_at = now
    return invitation


@changes_aggregates
def extension_request(*, invitation: RoundInvitation, until: datetime, reason: str,
                      now: datetime | None = None) -> RoundInvitation:
    now = now or timezone.now()
    if not invitation.can_comment_at(now):
        raise ValidationError(_("The deadline has passed; more time can no longer be requested."))
    if until <= invitation.deadline:
        raise ValidationError({"until": _("Ask for a date later than your current deadline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say briefly why you need more time.")})
    round = invitation.round
    with transaction.atomic():
        invitation.extension_requested_until = until
        invitation.extension_reason = reason.strip()
        invitation.extension_requested_at = now
        invitation.extension_decided_at = None
        invitation.extension_refused = False
        invitation.edit_version += 1  # a gestor deciding the earlier request meanwhile sees the new one
        invitation.save(update_fields=[
            "extension_requested_until", "extension_reason", "extension_requested_at",
            "extension_decided_at", "extension_refused", "edit_version",
        ])
        gestors = people_in(round.municipality, *holders("concepts.manage_rounds"))
        from django.urls import reverse

        for gestor in gestors:
            notify(
                user=gestor,
                subject=_("%(who)s asks for more time in “%(title)s”")
                % {"who": invitation.name or invitation.email, "title": round.title},
                body=invitation.extension_reason,
                url=reverse("rounds:invitation_list", args=[round.municipality.slug, round.pk]),
                municipality=round.municipality,
            )
    return invitation


@changes_aggregates
def extension_decide(*, invitation: RoundInvitation, grant: bool, actor: User, until: datetime | None = None,
                     now: datetime | None = None, expected_version: int | None = None) -> RoundInvitation:
    """The gestor grants (possibly a different date) or refuses. A granted personal deadline
    replaces the round's deadline for this invitee in every rule (commenting, reminders, closing).

    ``expected_version`` is the invitation's version as the gestor loaded it: if another gestor
    decided, or the invitee asked again, since, :class:`~portal.concurrency.EditConflict` is raised
    and nothing is saved (nor anyone told)."""
    now = now or timezone.now()
    round = invitation.round
    if round.status != Round.Status.SCHEDULED:
        raise ValidationError(_("The round has been settled; deadlines can no longer change."))
    until = until or invitation.extension_requested_until
    if grant and (until is None or until <= max(now, round.deadline)):
        raise ValidationError({"until": _("A personal deadline must be later than the round's deadline and than now.")})
    from django.urls import reverse

    with transaction.atomic():
        fields = {"extension_decided_at": now, "extension_refused": not grant}
        if grant:
            fields["extension_until"] = until
        update_if_unchanged(RoundInvitation.objects.all(), pk=invitation.pk, expected_version=expected_version,
                            fields=fields)
        for name, value in fields.items():
            setattr(invitation, name, value)
        if grant:
            Round.objects.filter(pk=round.pk).update(closed_at=None)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=round,
              detail={"extension": invitation.email, "granted": grant, "until": until.isoformat() if grant else None})
        if invitation.user_id:
            with translation.override("cs"):
                subject = (
                    _("Your deadline in “%(title)s” is now %(deadline)s") % {"title": round.title, "deadline": _format_dt(until)}
                    if grant else _("Your request for more time in “%(title)s” was not granted") % {"title": round.title}
                )
                notify(user=invitation.user, subject=subject, body=subject,
                       url=reverse("rounds:round_detail", args=[round.municipality.slug, round.pk]),
                       municipality=round.municipality)
    return invitation
