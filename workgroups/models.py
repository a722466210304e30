"""Steering team, working groups and focus groups; their members, meetings and the schedule.

A group belongs to one municipality (and optionally serves one concept). Members keep their history:
someone who leaves gets a ``to_date`` instead of being deleted, so past attendance stays readable.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Organisation
from portal.phases import Phase


class StakeholderCategory(models.TextChoices):
    """The obligatory member categories of a housing working group (seed 000), plus "other"."""

    COUNCILLOR = "councillor", _("councillor for housing / social affairs")
    SOCIAL_DEPARTMENT = "social_department", _(
        "social department (child protection, curators, community planning)"
    )
    PROPERTY_DEPARTMENT = "property_department", _("property management (municipal flats)")
    FINANCE_DEPARTMENT = "finance_department", _("finance department (debt portfolio)")
    STRATEGY_DEPARTMENT = "strategy_department", _("strategy department")
    COMMISSIONS = "commissions", _("municipal commissions (housing, social)")
    HOUSING_MANAGER = "housing_manager", _("manager of the municipal housing stock")
    LABOUR_OFFICE = "labour_office", _("labour office (benefits)")
    NGO = "ngo", _("NGOs serving people at risk of losing housing")
    RESIDENTIAL_SERVICES = "residential_services", _("residential social services")
    TARGET_GROUP = "target_group", _("target-group representatives")
    CITY_ARCHITECT = "city_architect", _("city architect")
    MUNICIPAL_POLICE = "municipal_police", _("municipal police")
    OTHER = "other", _("other")

    @classmethod
    def obligatory(cls) -> list[StakeholderCategory]:
        return [c for c in cls if c != cls.OTHER]


class Group(models.Model):
    class Kind(models.TextChoices):
        STEERING = "steering", _("steering team")
        WORKING = "working", _("working group")
        FOCUS = "focus", _("focus group")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        FORTNIGHTLY = "fortnightly", _("every two weeks")
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        AS_NEEDED = "as_needed", _("as needed")

    DEFAULT_MAX_MEMBERS = {Kind.WORKING: 18}

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="workgroups")
    concept = models.ForeignKey(
        "concepts.Concept", on_delete=models.SET_NULL, null=True, blank=True, related_name="groups",
        verbose_name=_("concept it serves"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="focus_groups",
        verbose_name=_("working group it feeds"),
        help_text=_("For a focus group: the working group its outputs go to."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORKING)
    name = models.CharField(_("name"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    cadence = models.CharField(_("meeting cadence"), max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    max_members = models.PositiveSmallIntegerField(
        _("maximum size"), null=True, blank=True, help_text=_("Empty means no limit. Only the gestor can raise it.")
    )
    methodologist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("methodologist"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("coordinator"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["municipality", "kind", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="workgroup_unique_name_per_municipality")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("workgroups:group_detail", args=[self.municipality.slug, self.pk])

    @property
    def is_steering(self) -> bool:
        return self.kind == self.Kind.STEERING

    @property
    def is_focus(self) -> bool:
        """A focus group: its meetings record participant counts and outputs that may become findings."""
        return self.kind == self.Kind.FOCUS


def current_q(prefix: str = "", on=None) -> Q:
    """Members current on a date (today by default): started, and not yet left."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}from_date__lte": on}) & (
        Q(**{f"{prefix}to_date__isnull": True}) | Q(**{f"{prefix}to_date__gte": on})
    )


class GroupMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        METHODOLOGIST = "methodologist", _("methodologist")
        COORDINATOR = "coordinator", _("coordinator")
        MEMBER = "member", _("member")
        GUEST = "guest", _("guest")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="group_memberships",
        verbose_name=_("portal user"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role in the group"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    category = models.CharField(
        _("stakeholder category"), max_length=32, choices=StakeholderCategory.choices,
        default=StakeholderCategory.OTHER,
    )
    from_date = models.DateField(_("member from"), default=timezone.localdate)
    to_date = models.DateField(_("member until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["group", "full_name", "pk"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(to_date__isnull=True, user__isnull=False),
                name="groupmember_one_open_membership_per_user",
            ),
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=F("from_date")),
                name="groupmember_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["group", "to_date"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.group})"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.from_date <= today and (self.to_date is None or self.to_date >= today)


class ChecklistItem(models.Model):
    """One task of the steering team (seed 000), with its status."""

    class Task(models.TextChoices):
        VISION = "vision", _("Draw up the vision of the concept and its validity")
        RESOURCES = "resources", _("Assess the resources for the concept (e.g. external research)")
        WRITER = "writer", _("Choose the writer of the text")
        NOMINATE = "nominate", _("Nominate the working-group members and take part in the groups")
        SCHEDULE = "schedule", _("Make the schedule (harmonogram)")
        TERRITORY = "territory", _("Support the process: answer input from the territory")
        EXPERTS = "experts", _("Invite further local experts")

    class Status(models.TextChoices):
        TODO = "todo", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="checklist")
    task = models.CharField(_("task"), max_length=16, choices=Task.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.TODO)
    date = models.DateField(_("date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        verbose_name = _("steering-team task")
        verbose_name_plural = _("steering-team checklist")
        constraints = [models.UniqueConstraint(fields=["group", "task"], name="checklist_unique_task")]

    def __str__(self) -> str:
        return self.get_task_display()

    @property
    def order(self) -> int:
        return list(self.Task.values).index(self.task)


class Method(models.TextChoices):
    """Working methods of seed 000. Everything except plain discussion is participative."""

    DISCUSSION = "discussion", _("plain discussion")
    WORLD_CAFE = "world_cafe", _("World café")
    OPERA = "opera", _("Opera")
    PROBLEM_TREE = "problem_tree", _("problem tree")
    DESIGN_THINKING = "design_thinking", _("design thinking")
    MICRO_TEAMS = "micro_teams", _("thematic micro-teams")
    FOCUS_GROUP = "focus_group", _("focus group")

    @classmethod
    def participative(cls) -> list[str]:
        return [m.value for m in cls if m != cls.DISCUSSION]


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.DISCUSSION)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text=_("Calendar revision: raised when the time or place changes, so invitations update.")
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workgroups:meeting_detail", args=[self.group.municipality.slug, self.pk])

    @property
    def municipality(self) -> Municipality:
        return self.group.municipality

    @property
    def is_participative(self) -> bool:
        return self.method in Method.participative()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    minutes_planned = models.PositiveSmallIntegerField(_("minutes planned"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)

    class Meta:
        ordering = ["meeting", "member__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member")]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("task"), max_length=500)
    assignee = models.ForeignKey(
        GroupMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date is not None and self.due_date < timezone.localdate()


def attachment_upload_to(instance: MeetingAttachment, filename: str) -> str:
    return f"workgroups/{instance.meeting.group.municipality_id}/meetings/{instance.meeting_id}/{secrets.token_hex(8)}/{filename}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class FocusGroupCount(models.Model):
    """A focus group records how many people of each target group took part, not their names."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participant_counts")
    target_group = models.CharField(_("target group"), max_length=200)
    count = models.PositiveSmallIntegerField(_("participants"))

    class Meta:
        ordering = ["meeting", "target_group"]
        verbose_name = _("focus-group participants")
        verbose_name_plural = _("focus-group participants")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "target_group"], name="focusgroupcount_unique_target_group")
        ]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.count}"


class FocusGroupOutput(models.Model):
    """What a focus group said; once turned into a finding of the concept it links to it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outputs")
    text = models.TextField(_("output"))
    finding = models.OneToOneField(
        "concepts.Finding", on_delete=models.SET_NULL, null=True, blank=True, related_name="focus_group_output"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("focus-group output")
        verbose_name_plural = _("focus-group outputs")

    def __str__(self) -> str:
        return self.text[:80]


class Milestone(models.Model):
    """A point of the schedule (harmonogram), tied to a phase of the concept."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="milestones")
    concept = models.ForeignKey(
        "concepts.Concept", on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones",
        verbose_name=_("concept"),
    )
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones",
        verbose_name=_("responsible group"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    title = models.CharField(_("milestone"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["municipality", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("schedule")

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.status in {self.Status.PLANNED, self.Status.IN_PROGRESS} and self.due_date < timezone.localdate()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A personal calendar subscription. Only a hash of the secret token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField(max_length=8, help_text=_("The first characters, to recognise the link."))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendarfeed_one_active_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.token_hint}…"
