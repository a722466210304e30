"""What every app shares: municipalities, organisations, people, their roles, invitations,
the audit log, notifications, sent-mail log and background jobs."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    code = models.CharField(
        _("municipality code"), max_length=6, unique=True, help_text=_("Six-digit code of the Czech Statistical Office.")
    )
    region = models.CharField(_("region"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipality_detail", args=[self.slug])

    def current_concept(self):
        """The concept the municipality works on now: its newest one, or None. The one lookup every
        app uses; it goes through the reverse relation, so ``portal`` imports nothing from ``concepts``."""
        return self.concepts.order_by("-created_at", "-pk").first()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPAL_DEPARTMENT = "municipal_department", _("municipal department")
        NGO = "ngo", _("NGO")
        LABOUR_OFFICE = "labour_office", _("labour office")
        POLICE = "police", _("police")
        RESIDENTIAL_SERVICE = "residential_service", _("residential social service")
        AGENCY = "agency", _("agency")
        OTHER = "other", _("other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="organisations", null=True, blank=True,
        help_text=_("Empty for national bodies such as the Agency for Social Inclusion."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="organisation_unique_name_per_municipality")
        ]

    def __str__(self) -> str:
        return self.name


def new_nonce() -> str:
    return secrets.token_hex(16)


class Profile(models.Model):
    class NotificationMode(models.TextChoices):
        IMMEDIATE = "immediate", _("an e-mail for each event")
        DIGEST = "digest", _("one daily digest")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people",
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="cs")
    notification_mode = models.CharField(
        _("notifications"), max_length=16, choices=NotificationMode.choices, default=NotificationMode.IMMEDIATE
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class Membership(models.Model):
    """A person's role in one municipality. A person may hold several roles in several places."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["municipality", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.municipality} · {self.get_role_display()}"


class Invitation(models.Model):
    """A gestor invites a person by e-mail to a role; the signed link works once and expires."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("organisation")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    next_url = models.CharField(max_length=300, blank=True, help_text=_("Where to go after accepting."))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email", "role"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None


class AuditEntry(models.Model):
    """Append-only record of who did what to which object. On PostgreSQL a trigger refuses
    UPDATE and DELETE (see migration 0002_audit_append_only)."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        ANONYMISE = "anonymise", _("anonymised")
        INVITE = "invite", _("invited")
        LOGIN = "login", _("signed in")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraints and no cascades: the rows outlive the people and objects they name,
    # and nothing may UPDATE them (actor_repr and object_repr keep the names).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True,
        related_name="+",
    )
    actor_repr = models.CharField(max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action} {self.object_repr}"


class Notification(models.Model):
    """Something a person should hear about. Sent at once or in the daily digest, as they chose."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "emailed_at"])]

    def __str__(self) -> str:
        return self.subject


class SentMessage(models.Model):
    """One row per e-mail the portal sent, keyed so that a retried task never sends twice."""

    key = models.CharField(max_length=200, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.SET_NULL, null=True, blank=True)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"


def job_upload_to(instance: Job, filename: str) -> str:
    return f"jobs/{instance.municipality_id or 'global'}/{instance.id}/{filename}"


class Job(models.Model):
    """A long piece of background work (an export, a report) whose progress a page polls and whose
    file is downloaded through a permission-checking view."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True)
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=255)
    task_name = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    permission = models.CharField(
        max_length=100, help_text=_("The permission a user needs on the target to download the result.")
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    cache_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    private = models.BooleanField(default=False, help_text=_("Only the person who started it may download it."))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=job_upload_to, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text=_("Last sign of life of the worker building it."))
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("job_detail", args=[self.id])

    @property
    def target(self):
        if self.target_type_id is None:
            return None
        return self.target_type.get_object_for_this_type(pk=self.target_id)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_pending(self) -> bool:
        """Waiting for a worker (not yet claimed)."""
        return self.status == self.Status.PENDING

    @property
    def is_stuck(self) -> bool:
        """Waiting or running, but no sign of life for longer than ``JOB_STALE_SECONDS``."""
        from .jobs import job_is_stuck

        return job_is_stuck(self)

    @property
    def can_restart(self) -> bool:
        """Failed, or stuck: a person may start it again."""
        from .jobs import job_can_restart

        return job_can_restart(self)


class OutboxMessage(models.Model):
    """Something that leaves the database — a task for the broker or an e-mail — written in the
    same transaction as the change that causes it and delivered after the commit (portal/outbox.py)."""

    class Kind(models.TextChoices):
        TASK = "task", _("background task")
        EMAIL = "email", _("e-mail")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=220, null=True, blank=True, unique=True)
    ref = models.CharField(max_length=100, blank=True, db_index=True)
    task_name = models.CharField(max_length=200, blank=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["delivered_at", "available_at"], name="outbox_due")]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return self.key or f"{self.kind}:{self.task_name}:{self.pk}"

class UserSession(models.Model):
    """One row per signed-in session, so that deactivating a person can end their sessions at
    once, whatever the session engine (portal/people_services.py: ``sessions_end_for``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
