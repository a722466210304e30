"""Writes about groups: the groups themselves, their members, the steering-team checklist, the
schedule and personal calendar feeds. Meetings are in :mod:`workgroups.meeting_services`.

Every function validates before it writes and raises ``ValidationError`` keyed by the form field
the message belongs next to; everything happens in one transaction, so nothing is saved half.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.aggregates import changes_aggregates
from portal.audit import audit
from portal.concurrency import update_if_unchanged
from portal.models import AuditEntry, Membership, Municipality, Organisation

from .access import can_raise_limit
from .models import CalendarFeed, ChecklistItem, Group, GroupMember, Milestone, current_q, hash_token

if TYPE_CHECKING:
    from django.contrib.auth.models import User

GROUP_FIELDS = ("kind", "name", "topic", "purpose", "concept", "parent", "cadence", "max_members",
                "methodologist", "coordinator", "is_active")


# --- groups ------------------------------------------------------------------------------------


def _check_limit(*, actor: User, municipality: Municipality, kind: str, old: int | None, new: int | None, creating: bool) -> None:
    """Only the gestor may raise a maximum (or remove it). On creation the default counts as the old value."""
    if can_raise_limit(actor, municipality):
        return
    if creating:
        old = Group.DEFAULT_MAX_MEMBERS.get(kind)
    if old is None:
        return
    if new is None or new > old:
        raise ValidationError(
            {"max_members": _("Only the concept owner (gestor) can raise the maximum size above %(n)s.") % {"n": old}}
        )


def _check_group(municipality: Municipality, fields: dict, instance: Group | None = None) -> None:
    errors = {}
    others = Group.objects.filter(municipality=municipality)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    # Compared in Python: SQLite's case-insensitive match knows only ASCII, and Czech names are not.
    if fields["name"].casefold() in {n.casefold() for n in others.values_list("name", flat=True)}:
        errors["name"] = _("A group with this name already exists here.")
    if fields["kind"] == Group.Kind.STEERING and others.filter(kind=Group.Kind.STEERING, is_active=True).exists():
        errors["kind"] = _("This municipality already has a steering team.")
    for key in ("concept", "parent"):
        obj = fields.get(key)
        if obj is not None and obj.municipality_id != municipality.pk:
            errors[key] = _("Choose one of this municipality's.")
    parent = fields.get("parent")
    if parent is not None and (fields["kind"] != Group.Kind.FOCUS or parent.kind != Group.Kind.WORKING):
        errors["parent"] = _("Only a focus group feeds a working group.")
    if errors:
        raise ValidationError(errors)


def checklist_ensure(group: Group) -> None:
    """Every steering team has the seven tasks of seed 000."""
    if group.kind != Group.Kind.STEERING:
        return
    existing = set(group.checklist.values_list("task", flat=True))
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(group=group, task=task) for task in ChecklistItem.Task.values if task not in existing]
    )


@changes_aggregates
@transaction.atomic
def group_create(*, municipality: Municipality, actor: User, name: str, kind: str = Group.Kind.WORKING, **fields) -> Group:
    fields = {"name": name.strip(), "kind": kind, **fields}
    if "max_members" not in fields:
        fields["max_members"] = Group.DEFAULT_MAX_MEMBERS.get(kind)
    _check_group(municipality, fields)
    _check_limit(actor=actor, municipality=municipality, kind=kind, old=None, new=fields["max_members"], creating=True)
    group = Group.objects.create(municipality=municipality, **{k: v for k, v in fields.items() if k in GROUP_FIELDS})
    checklist_ensure(group)
    audit(actor=actor, action=AuditEntry.Action.CREATE, obj=group, municipality=municipality)
    return group


@changes_aggregates
@transaction.atomic
def group_update(*, group: Group, actor: User, expected_version: int | None = None, **fields) -> Group:
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(Group.objects, pk=group.pk, expected_version=expected_version, fields={})
    group = Group.objects.select_for_update().get(pk=group.pk)
    merged = {k: fields.get(k, getattr(group, k)) for k in GROUP_FIELDS}
    _check_group(group.municipality, merged, instance=group)
    if merged["max_members"] != group.max_members:
        _check_limit(actor=actor, municipality=group.municipality, kind=group.kind, old=group.max_members,
                     new=merged["max_members"], creating=False)
    changed = [k for k in GROUP_FIELDS if merged[k] != getattr(group, k)]
    for key in changed:
        setattr(group, key, merged[key])
    if changed:
        group.save(update_fields=changed)
        checklist_ensure(group)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=group, municipality=group.municipality,
              detail={"fields": changed})
    return group


# --- members -----------------------------------------------------------------------------------


def counted_members(group: Group, on: date | None = None):
    """Members that count towards the maximum size: current ones, guests excepted."""
    return group.members.filter(current_q(on=on)).exclude(role=GroupMember.Role.GUEST)


def _open_duplicates(group: Group, *, user, email: str, full_name: str, exclude_pk: int | None = None):
    open_members = group.members.filter(current_q()) | group.members.filter(from_date__gt=timezone.localdate())
    if exclude_pk:
        open_members = open_members.exclude(pk=exclude_pk)
    if user is not None:
        return "user", open_members.filter(user=user).exists()
    if email and open_members.filter(email__iexact=email).exists():
        return "email", True
    names = open_members.filter(user__isnull=True).values_list("full_name", flat=True)
    return "full_name", full_name.casefold() in {n.casefold() for n in names}


@changes_aggregates
@transaction.atomic
def member_add(
    *,
    group: Group,
    actor: User,
    user=None,
    full_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    role: str = GroupMember.Role.MEMBER,
    category: str,
    from_date: date | None = None,
    to_date: date | None = None,
    note: str = "",
) -> GroupMember:
    """Add a person to a group. Refused when they already belong to it, or when the group is full."""
    group = Group.objects.select_for_update().get(pk=group.pk)  # serialises the size check
    from_date = from_date or timezone.localdate()
    if user is not None:
        membership = Membership.objects.filter(user=user, municipality=group.municipality, is_active=True).first()
        if membership is None:
            raise ValidationError({"user": _("This person has no role in this municipality; invite them first.")})
        full_name = full_name.strip() or user.get_full_name() or user.get_username()
        email = email or user.email
        organisation = organisation or membership.organisation
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's name, or choose a portal user.")})
    if organisation is not None and organisation.municipality_id not in (None, group.municipality_id):
        raise ValidationError({"organisation": _("Choose one of this municipality's.")})
    if to_date is not None and to_date < from_date:
        raise ValidationError({"to_date": _("The end of membership cannot be before its start.")})
    field, duplicate = _open_duplicates(group, user=user, email=email, full_name=full_name)
    if duplicate:
        raise ValidationError({field: _("This person is already a member of this group.")})
    if role != GroupMember.Role.GUEST and group.max_members is not None:
        if counted_members(group, on=max(from_date, timezone.localdate())).count() >= group.max_members:
            raise ValidationError(_(
                "The group already has its maximum of %(n)s members. Someone has to leave first, "
                "or the concept owner (gestor) can raise the maximum."
            ) % {"n": group.max_members})
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(
                group=group, user=user, full_name=full_name, email=email, organisation=organisation, role=role,
                category=category, from_date=from_date, to_date=to_date, note=note,
            )
    except IntegrityError as exc:
        raise ValidationError({"user": _("This person is already a member of this group.")}) from exc
    audit(actor=actor, action=AuditEntry.Action.CREATE, obj=member, municipality=group.municipality)
    return member


@changes_aggregates
@transaction.atomic
def member_update(*, member: GroupMember, actor: User, expected_version: int | None = None, **fields) -> GroupMember:
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(GroupMember.objects, pk=member.pk, expected_version=expected_version, fields={})
    member = GroupMember.objects.select_for_update().select_related("group").get(pk=member.pk)
    allowed = ("role", "category", "organisation", "email", "note", "to_date")
    to_date = fields.get("to_date", member.to_date)
    if to_date is not None and to_date < member.from_date:
        raise ValidationError({"to_date": _("The end of membership cannot be before its start.")})
    organisation = fields.get("organisation")
    if organisation is not None and organisation.municipality_id not in (None, member.group.municipality_id):
        raise ValidationError({"organisation": _("Choose one of this municipality's.")})
    changed = [k for k in allowed if k in fields and fields[k] != getattr(member, k)]
    for key in changed:
        setattr(member, key, fields[key])
    if changed:
        member.save(update_fields=changed)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=member, municipality=member.group.municipality,
              detail={"fields": changed})
    return member


@changes_aggregates
def member_leave(*, member: GroupMember, actor: User, last_day: date | None = None) -> GroupMember:
    """End a membership (by default yesterday was the last day, so the seat is free today); the
    person stays in the history and in past attendance."""
    last_day = last_day or timezone.localdate() - timedelta(days=1)
    return member_update(member=member, actor=actor, to_date=max(last_day, member.from_date))


# --- steering-team checklist -------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def checklist_update(*, item: ChecklistItem, actor: User, status: str, date: date | None = None, note: str = "",
                     expected_version: int | None = None) -> ChecklistItem:
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(ChecklistItem.objects, pk=item.pk, expected_version=expected_version, fields={})
    if status == ChecklistItem.Status.DONE and date is None:
        date = timezone.localdate()
    item.status, item.date, item.note = status, date, note
    item.save(update_fields=["status", "date", "note", "updated_at"])
    return item


# --- schedule ----------------------------------------------------------------------------------

MILESTONE_FIELDS = ("title", "description", "phase", "due_date", "status", "completed_on", "concept", "group")


def _check_milestone(municipality: Municipality, fields: dict) -> dict:
    errors = {}
    for key in ("concept", "group"):
        obj = fields.get(key)
        if obj is not None and obj.municipality_id != municipality.pk:
            errors[key] = _("Choose one of this municipality's.")
    if fields.get("status") == Milestone.Status.DONE and not fields.get("completed_on"):
        fields["completed_on"] = timezone.localdate()
    if fields.get("status") != Milestone.Status.DONE:
        fields["completed_on"] = None
    if errors:
        raise ValidationError(errors)
    return fields


@changes_aggregates
@transaction.atomic
def milestone_create(*, municipality: Municipality, actor: User, **fields) -> Milestone:
    fields = _check_milestone(municipality, {k: v for k, v in fields.items() if k in MILESTONE_FIELDS})
    milestone = Milestone.objects.create(municipality=municipality, **fields)
    audit(actor=actor, action=AuditEntry.Action.CREATE, obj=milestone, municipality=municipality)
    return milestone


@changes_aggregates
@transaction.atomic
def milestone_update(*, milestone: Milestone, actor: User, expected_version: int | None = None, **fields) -> Milestone:
    if expected_version is not None:  # from an edit form: refuse to overwrite a newer save
        update_if_unchanged(Milestone.objects, pk=milestone.pk, expected_version=expected_version, fields={})
    milestone = Milestone.objects.select_for_update().select_related("municipality").get(pk=milestone.pk)
    merged = {k: fields.get(k, getattr(milestone, k)) for k in MILESTONE_FIELDS}
    merged = _check_milestone(milestone.municipality, merged)
    changed = [k for k in MILESTONE_FIELDS if merged[k] != getattr(milestone, k)]
    for key in changed:
        setattr(milestone, key, merged[key])
    if changed:
        milestone.save(update_fields=changed)
        audit(actor=actor, action=AuditEntry.Action.UPDATE, obj=milestone, municipality=milestone.municipality)
    return milestone


# --- calendar feeds ----------------------------------------------------------------------------


@transaction.atomic
def feed_create(*, actor: User) -> tuple[CalendarFeed, str]:
    """A new secret feed address for the actor; any previous one stops working. Returns the token,
    which is shown once: only its hash is stored."""
    CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=actor, token_hash=hash_token(token), token_hint=token[:6])
    return feed, token


def feed_revoke(*, actor: User) -> int:
    return CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_user(token: str):
    """The active user behind a feed token, or None for an unknown or revoked one."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
