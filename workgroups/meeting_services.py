"""Writes about meetings: planning, invitations, attendance, minutes, decisions, action items,
attachments, focus-group records and the minutes PDF.

Validation raises ``ValidationError`` keyed by form field; each function is one transaction, and
e-mail and PDF work is queued only after it commits.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.audit import audit
from portal.concurrency import update_if_unchanged
from portal.jobs import job_start
from portal.models import AuditEntry, Job
from portal.outbox import enqueue

from .access import sees_all_groups
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    FocusGroupCount,
    FocusGroupOutput,
    Group,
    GroupMember,
    Meeting,
    MeetingAttachment,
    Method,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url", "method")
# Changing any of these makes the invitations out of date: they are sent again with a new sequence.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url")

# What an attachment may be, judged by its content: detected MIME type → file name endings allowed.
ALLOWED_ATTACHMENTS = {
    "application/pdf": {".pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
}


def _touch(meeting: Meeting) -> None:
    """Mark the meeting's record as changed (the minutes PDF cache key depends on it)."""
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now())


def _check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def parse_agenda(text: str) -> list[dict]:
    """One agenda item per line: "title | presenter | minutes" (presenter and minutes optional)."""
    items = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        minutes = parts[2] if len(parts) > 2 else ""
        if minutes and not minutes.isdigit():
            raise ValidationError({"agenda": _("Line “%(line)s”: the minutes must be a whole number.") % {"line": line.strip()}})
        items.append({
            "title": parts[0][:300],
            "presenter": (parts[1] if len(parts) > 1 else "")[:200],
            "minutes_planned": int(minutes) if minutes else None,
        })
    return items


def agenda_text(meeting: Meeting) -> str:
    lines = []
    for item in meeting.agenda.all():
        parts = [item.title, item.presenter, str(item.minutes_planned or "")]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def _save_agenda(meeting: Meeting, items: list[dict]) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i, **item) for i, item in enumerate(items, start=1)]
    )


@changes_aggregates
@transaction.atomic
def meeting_create(*, group: Group, actor: User, title: str, starts_at: datetime, ends_at: datetime, place: str = "",
                   online_url: str = "", method: str | None = None, agenda: str = "") -> Meeting:
    _check_times(starts_at, ends_at)
    items = parse_agenda(agenda)
    if method is None:
        method = Method.FOCUS_GROUP if group.kind == Group.Kind.FOCUS else Method.DISCUSSION
    meeting = Meeting.objects.create(
        group=group, title=title.strip(), starts_at=starts_at, ends_at=ends_at, place=place, online_url=online_url,
        method=method, created_by=actor,
    )
    _save_agenda(meeting, items)
    audit(actor=actor, action=AuditEntry.Action.CREATE, obj=meeting, municipality=group.municipality)
    return meeting


@changes_aggregates
@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: User, agenda: str | None = None, expected_version: int | None = None,
                   **fields) -> Meeting:
    """Change a meeting. When its time or place changes after invitations went out, everyone
    invited gets an updated invitation (a new calendar sequence, so clients replace the old one)."""
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(Meeting.objects, pk=meeting.pk, expected_version=expected_version, fields={})
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    merged = {k: fields.get(k, getattr(meeting, k)) for k in MEETING_FIELDS}
    _check_times(merged["starts_at"], merged["ends_at"])
    items = parse_agenda(agenda) if agenda is not None else None
    changed = [k for k in MEETING_FIELDS if merged[k] != getattr(meeting, k)]
    for key in changed:
        setattr(meeting, key, merged[key])
    resend = meeting.invited_at is not None and any(k in CALENDAR_FIELDS for k in changed)
    if resend:
        meeting.sequence += 1
        changed.append("sequence")
    meeting.save(update_fields=[*changed, "updated_at"])
    if items is not None:
        _save_agenda(meeting, items)
    if resend:
        _enqueue_invitations(meeting)
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=meeting, municipality=meeting.group.municipality,
          detail={"fields": changed})
    return meeting


def _enqueue_invitations(meeting: Meeting) -> None:
    from .tasks import send_meeting_invitations

    enqueue(send_meeting_invitations, meeting.pk)


@changes_aggregates
@transaction.atomic
def meeting_invite(*, meeting: Meeting, actor: User) -> Meeting:
    """Send the invitations (from a worker). Members who already have this version get nothing."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be announced."))
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now())
    meeting.invited_at = timezone.now()
    _enqueue_invitations(meeting)
    audit(actor=actor, action=AuditEntry.Action.INVITE, obj=meeting, municipality=meeting.group.municipality)
    return meeting


@changes_aggregates
@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User) -> Meeting:
    """Cancel a meeting; those invited receive a cancellation for their calendars."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    if meeting.invited_at is not None:
        _enqueue_invitations(meeting)
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=meeting, municipality=meeting.group.municipality,
          detail={"status": "cancelled"})
    return meeting


# --- the record of a meeting -------------------------------------------------------------------


def attendance_members(meeting: Meeting):
    """Members who belonged to the group on the day of the meeting (guests included)."""
    day = timezone.localdate(meeting.starts_at)
    return meeting.group.members.filter(from_date__lte=day).exclude(to_date__lt=day).select_related("organisation")


@changes_aggregates
@transaction.atomic
def attendance_record(*, meeting: Meeting, actor: User, statuses: dict[int, str], expected_version: int | None = None) -> int:
    """Record present / excused / absent for members; an empty status clears the record."""
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(Meeting.objects, pk=meeting.pk, expected_version=expected_version, fields={})
    members = {m.pk: m for m in attendance_members(meeting)}
    unknown = set(statuses) - set(members)
    if unknown:
        raise ValidationError(_("Only members of the group on the day of the meeting can be recorded."))
    valid = set(Attendance.Status.values)
    existing = {a.member_id: a for a in meeting.attendance.all()}
    saved = 0
    for member_id, status in statuses.items():
        if not status:
            if member_id in existing:
                existing[member_id].delete()
            continue
        if status not in valid:
            raise ValidationError(_("Unknown attendance status."))
        row = existing.get(member_id)
        if row is None:
            Attendance.objects.create(meeting=meeting, member_id=member_id, status=status)
        elif row.status != status:
            row.status = status
            row.save(update_fields=["status"])
        saved += 1
    _touch(meeting)
    return saved


@changes_aggregates
@transaction.atomic
def minutes_save(*, meeting: Meeting, actor: User, minutes: str, held: bool = True,
                 expected_version: int | None = None) -> Meeting:
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(Meeting.objects, pk=meeting.pk, expected_version=expected_version, fields={})
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    meeting.minutes = minutes
    fields = ["minutes", "updated_at"]
    if held and meeting.status == Meeting.Status.PLANNED and meeting.starts_at <= timezone.now():
        meeting.status = Meeting.Status.HELD
        fields.append("status")
    meeting.save(update_fields=fields)
    audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=meeting, municipality=meeting.group.municipality,
          detail={"fields": ["minutes"]})
    return meeting


@changes_aggregates
@transaction.atomic
def decision_add(*, meeting: Meeting, actor: User, text: str) -> Decision:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    position = (meeting.decisions.aggregate(m=Max("position"))["m"] or 0) + 1
    decision = Decision.objects.create(meeting=meeting, position=position, text=text)
    _touch(meeting)
    return decision


@changes_aggregates
def decision_delete(*, decision: Decision, actor: User) -> None:
    meeting = decision.meeting
    decision.delete()
    _touch(meeting)


def _check_assignee(meeting: Meeting, assignee: GroupMember | None) -> None:
    if assignee is not None and assignee.group_id != meeting.group_id:
        raise ValidationError({"assignee": _("The assignee must be a member of this group.")})


@changes_aggregates
@transaction.atomic
def action_item_add(*, meeting: Meeting, actor: User, text: str, assignee: GroupMember | None = None,
                    due_date: date | None = None) -> ActionItem:
    _check_assignee(meeting, assignee)
    item = ActionItem.objects.create(meeting=meeting, text=text.strip(), assignee=assignee, due_date=due_date)
    _touch(meeting)
    return item


@changes_aggregates
@transaction.atomic
def action_item_update(*, item: ActionItem, actor: User, expected_version: int | None = None, **fields) -> ActionItem:
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(ActionItem.objects, pk=item.pk, expected_version=expected_version, fields={})
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    allowed = ("text", "assignee", "due_date", "status")
    if "assignee" in fields:
        _check_assignee(item.meeting, fields["assignee"])
    changed = [k for k in allowed if k in fields and fields[k] != getattr(item, k)]
    for key in changed:
        setattr(item, key, fields[key])
    if "status" in changed:
        item.completed_at = timezone.now() if item.status == ActionItem.Status.DONE else None
        changed.append("completed_at")
    if changed:
        item.save(update_fields=changed)
        _touch(item.meeting)
    return item


def check_upload(upload: UploadedFile) -> str:
    """The upload's real type (by content), or a ValidationError keyed ``file``."""
    limit = settings.MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError({"file": _("The file is %(size)s; at most %(limit)s can be attached.")
                               % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    allowed_names = ", ".join(sorted({e.lstrip(".").upper() for exts in ALLOWED_ATTACHMENTS.values() for e in exts}))
    if kind is None or kind.mime not in ALLOWED_ATTACHMENTS:
        raise ValidationError({"file": _("This file is not a document or image the portal accepts (%(types)s); "
                                         "its content was checked, not only its name.") % {"types": allowed_names}})
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ALLOWED_ATTACHMENTS[kind.mime]:
        raise ValidationError({"file": _("The file name ends in “%(suffix)s” but the content is %(kind)s. "
                                         "Rename it or choose the right file.")
                               % {"suffix": suffix or "–", "kind": kind.extension.upper()}})
    return kind.mime


@transaction.atomic
def attachment_add(*, meeting: Meeting, actor: User, file: UploadedFile, description: str = "") -> MeetingAttachment:
    content_type = check_upload(file)
    name = PurePath(file.name).name[:200]
    attachment = MeetingAttachment(
        meeting=meeting, filename=name, content_type=content_type, size=file.size, description=description,
        uploaded_by=actor,
    )
    attachment.file.save(name, file, save=False)
    attachment.save()
    _touch(meeting)
    audit(actor=actor, action=AuditEntry.Action.CREATE, obj=attachment, municipality=meeting.group.municipality)
    return attachment


def attachment_delete(*, attachment: MeetingAttachment, actor: User) -> None:
    meeting = attachment.meeting
    name = attachment.file.name
    storage = attachment.file.storage
    with transaction.atomic():
        audit(actor=actor, action=AuditEntry.Action.DELETE, obj=attachment, municipality=meeting.group.municipality)
        attachment.delete()
        _touch(meeting)
        transaction.on_commit(lambda: storage.delete(name))


# --- focus groups ------------------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def focus_counts_save(*, meeting: Meeting, actor: User, counts: dict[str, int]) -> None:
    """Participants by target group (no names). A count of 0 or empty removes the row."""
    for target_group, count in counts.items():
        target_group = target_group.strip()
        if not target_group:
            continue
        if count:
            FocusGroupCount.objects.update_or_create(meeting=meeting, target_group=target_group,
                                                     defaults={"count": count})
        else:
            FocusGroupCount.objects.filter(meeting=meeting, target_group=target_group).delete()
    _touch(meeting)


@changes_aggregates
def focus_output_add(*, meeting: Meeting, actor: User, text: str) -> FocusGroupOutput:
    if not text.strip():
        raise ValidationError({"text": _("Write what the group said.")})
    return FocusGroupOutput.objects.create(meeting=meeting, text=text.strip(), created_by=actor)


# --- minutes PDF -------------------------------------------------------------------------------


def minutes_pdf_start(*, meeting: Meeting, actor: User) -> Job:
    """Start (or join) the PDF export of the minutes. Roles that see all groups share one cached
    file per version of the record; a member who sees only their own groups gets a private one."""
    from .tasks import build_minutes_pdf

    municipality = meeting.group.municipality
    shared = sees_all_groups(actor, municipality)
    stamp = meeting.updated_at.strftime("%Y%m%d%H%M%S%f")
    suffix = "all" if shared else f"user{actor.pk}"
    return job_start(
        kind="minutes_pdf",
        title=_("Minutes: %(title)s") % {"title": meeting.title},
        task=build_minutes_pdf,
        municipality=municipality,
        actor=actor,
        permission="workgroups.view_all_groups" if shared else "workgroups.view_own_groups",
        target=meeting,
        params={"meeting_id": meeting.pk},
        cache_key=f"minutes:{meeting.pk}:{stamp}:{suffix}",
        private=not shared,
    )
