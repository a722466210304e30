"""Comment rounds (připomínkování): a frozen version put out to an audience until a deadline,
the comments anchored to its sections, and their settlement (vypořádání).

The stored ``Round.status`` records only the human acts (drafted, scheduled, settled, published).
Whether a scheduled round is open or closed is derived from the clock (:meth:`Round.state_at`,
:meth:`RoundQuerySet.with_state`), so the portal is right even when no beat runs; beat only sends
the e-mails and does the side work (``tasks.rounds_tick``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concepts.models import Version, VersionSection
from portal.models import Invitation, Municipality, Organisation

DEFAULT_REMINDER_DAYS = [3, 1]


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


class RoundQuerySet(models.QuerySet):
    def with_state(self, now: datetime | None = None) -> RoundQuerySet:
        """Annotate ``state`` (a :class:`Round.Status` value) as the clock says at ``now``."""
        now = now or timezone.now()
        S = Round.Status
        return self.annotate(
            state=Case(
                When(status=S.SCHEDULED, opens_at__gt=now, then=Value(S.SCHEDULED)),
                When(status=S.SCHEDULED, deadline__gt=now, then=Value(S.OPEN)),
                When(status=S.SCHEDULED, then=Value(S.CLOSED)),
                default="status",
                output_field=models.CharField(),
            )
        )

    def open_at(self, now: datetime | None = None) -> RoundQuerySet:
        now = now or timezone.now()
        return self.filter(status=Round.Status.SCHEDULED, opens_at__lte=now, deadline__gt=now)


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        OPEN = "open", _("open for comments")
        CLOSED = "closed", _("closed")
        SETTLED = "settled", _("settled")
        PUBLISHED = "published", _("published")

    class Audience(models.TextChoices):
        INVITED = "invited", _("invited people and organisations")
        MEMBERS = "members", _("all members of the municipality's groups")
        PUBLIC = "public", _("the public (and anyone invited)")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="rounds")
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("version put out for comment")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("message to the invitees"), blank=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.INVITED)
    invited_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("invited people")
    )
    invited_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("invited organisations")
    )
    invited_emails = models.TextField(
        _("invite by e-mail"), blank=True, help_text=_("People without an account, one e-mail address per line.")
    )
    opens_at = models.DateTimeField(_("opens at"))
    deadline = models.DateTimeField(_("deadline"))
    reminder_days = models.JSONField(
        _("reminders (days before the deadline)"), default=default_reminder_days, blank=True
    )
    working_days = models.PositiveSmallIntegerField(
        _("deadline in working days"), null=True, blank=True,
        help_text=_("The deadline was counted as this many working days from the opening."),
    )
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closing work done at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    published_at = models.DateTimeField(_("table published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        indexes = [models.Index(fields=["municipality", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gt=models.F("opens_at")), name="round_deadline_after_opening")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rounds:round_detail", args=[self.municipality.slug, self.pk])

    def get_public_url(self) -> str:
        return reverse("public:round", args=[self.municipality.slug, self.pk])

    def state_at(self, now: datetime | None = None) -> str:
        """The round's state as the clock says (the same rule as :meth:`RoundQuerySet.with_state`)."""
        now = now or timezone.now()
        if self.status != self.Status.SCHEDULED:
            return self.status
        if now < self.opens_at:
            return self.Status.SCHEDULED
        if now < self.deadline:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def state(self) -> str:
        """The state now; a value annotated by ``with_state()`` (same rule, same request) is reused."""
        cached = self.__dict__.get("_clock_state")
        return cached if cached is not None else self.state_at()

    @state.setter
    def state(self, value: str) -> None:
        self.__dict__["_clock_state"] = value

    def get_state_display(self) -> str:
        return self.Status(self.state).label

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def has_started(self) -> bool:
        return self.status != self.Status.DRAFT and self.opens_at <= timezone.now()

    # One property per question a page asks, so that templates and views compare no literals.
    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.Status.CLOSED

    @property
    def is_settled(self) -> bool:
        return self.status == self.Status.SETTLED

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def can_open_now(self) -> bool:
        return self.state in (self.Status.DRAFT, self.Status.SCHEDULED)

    @property
    def can_close_early(self) -> bool:
        return self.state == self.Status.OPEN

    @property
    def can_complete(self) -> bool:
        return self.state == self.Status.CLOSED

    @property
    def can_publish(self) -> bool:
        return self.status == self.Status.SETTLED

    @property
    def was_closed_early(self) -> bool:
        return self.closed_early_at is not None

    def reminder_offsets(self) -> list[timedelta]:
        return [timedelta(days=int(d)) for d in (self.reminder_days or []) if int(d) > 0]


class RoundInvitation(models.Model):
    """One invitee of a round, created when the round opens. Holds the invitee's answer
    ("no comments"), their extension and the anchor of every e-mail sent to them."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="round_invitations"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    portal_invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The invitation to create an account, for invitees without one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    no_comments_at = models.DateTimeField(_("declared no comments at"), null=True, blank=True)
    extension_requested_until = models.DateTimeField(_("more time asked until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason"), blank=True)
    extension_requested_at = models.DateTimeField(null=True, blank=True)
    extension_until = models.DateTimeField(_("personal deadline"), null=True, blank=True)
    extension_decided_at = models.DateTimeField(null=True, blank=True)
    extension_refused = models.BooleanField(default=False)
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    settlements_notified_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("comments sent at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "organisation__name", "name", "email"]
        verbose_name = _("round invitation")
        verbose_name_plural = _("round invitations")
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="roundinvitation_unique_email"),
            models.UniqueConstraint(
                fields=["round", "user"], condition=Q(user__isnull=False), name="roundinvitation_unique_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} → {self.name or self.email}"

    @property
    def deadline(self) -> datetime:
        """This invitee's deadline: the round's, or the later one the gestor granted them."""
        if self.extension_until and self.extension_until > self.round.deadline:
            return self.extension_until
        return self.round.deadline

    def can_comment_at(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        r = self.round
        return r.status == Round.Status.SCHEDULED and r.opens_at <= now < self.deadline

    @property
    def extension_pending(self) -> bool:
        return self.extension_requested_at is not None and self.extension_decided_at is None

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def declared_no_comments(self) -> bool:
        return self.no_comments_at is not None


class Receipt(models.Model):
    """What an invitee sent ("odeslat připomínky"): each comment's number, section and kind at
    that moment. Every change after sending makes a new receipt; the latest one counts."""

    invitation = models.ForeignKey(RoundInvitation, on_delete=models.CASCADE, related_name="receipts")
    number = models.PositiveIntegerField(_("receipt number"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    items = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["invitation", "-number"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [models.UniqueConstraint(fields=["invitation", "number"], name="receipt_unique_number")]

    def __str__(self) -> str:
        return f"{self.invitation} #{self.number}"

    def get_absolute_url(self) -> str:
        r = self.invitation.round
        return reverse("rounds:receipt", args=[r.municipality.slug, r.pk, self.number])


class CommentQuerySet(models.QuerySet):
    def active(self) -> CommentQuerySet:
        """Comments that count: not withdrawn and, for the public, confirmed and approved."""
        return self.filter(withdrawn_at__isnull=True).filter(
            Q(is_public=False) | Q(confirmed_at__isnull=False, moderation=Comment.Moderation.APPROVED)
        )


class Comment(models.Model):
    class Kind(models.TextChoices):
        ESSENTIAL = "essential", _("essential")
        RECOMMENDATION = "recommendation", _("recommendation")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        APPROVED = "approved", _("approved")
        HIDDEN = "hidden", _("hidden")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        VersionSection, on_delete=models.PROTECT, related_name="round_comments", verbose_name=_("section")
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RECOMMENDATION)
    quote = models.TextField(_("quoted passage"), blank=True, max_length=2000)
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), null=True, blank=True)
    text = models.TextField(_("comment"), max_length=10000)
    proposed_wording = models.TextField(_("proposed wording"), blank=True, max_length=10000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="round_comments"
    )
    invitation = models.ForeignKey(
        RoundInvitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    author_name = models.CharField(_("full name"), max_length=200)
    author_email = models.EmailField(_("e-mail"), blank=True)
    is_public = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    moderation = models.CharField(max_length=16, choices=Moderation.choices, default=Moderation.APPROVED)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_comments",
        verbose_name=_("assigned to"),
    )
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["round", "number", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="comment_unique_number")]
        indexes = [
            models.Index(fields=["round", "section"]),
            models.Index(fields=["author_email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.number or '–'} {self.text[:60]}"

    @property
    def deadline(self) -> datetime:
        return self.invitation.deadline if self.invitation_id else self.round.deadline

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_essential(self) -> bool:
        return self.kind == self.Kind.ESSENTIAL

    @property
    def is_dispute(self) -> bool:
        settlement = getattr(self, "settlement", None) if self.pk else None
        return bool(settlement and settlement.is_dispute)


class Settlement(models.Model):
    """The official answer to one comment. An essential comment that is not accepted is a dispute
    (rozpor); the outcome of the dispute meeting is recorded here too."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")
        NOTED = "noted", _("taken into account")

    class DisputeResult(models.TextChoices):
        RESOLVED = "resolved", _("dispute resolved")
        PERSISTS = "persists", _("dispute persists")

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="settlement")
    outcome = models.CharField(_("settlement"), max_length=16, choices=Outcome.choices)
    justification = models.TextField(_("justification"), blank=True)
    next_section_uid = models.UUIDField(_("section in the next version"), null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    settled_at = models.DateTimeField(default=timezone.now)
    dispute_meeting_on = models.DateField(_("dispute meeting held on"), null=True, blank=True)
    dispute_result = models.CharField(
        _("outcome of the dispute meeting"), max_length=16, choices=DisputeResult.choices, blank=True
    )
    dispute_note = models.TextField(_("record of the dispute meeting"), blank=True)
    edit_version = models.PositiveIntegerField(default=1, help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return f"{self.comment} → {self.get_outcome_display()}"

    @property
    def is_dispute(self) -> bool:
        # Public comments are summarised, never turned into disputes (the public-round note says so).
        comment = self.comment
        return self.outcome == self.Outcome.NOT_ACCEPTED and comment.kind == Comment.Kind.ESSENTIAL and not comment.is_public

    @property
    def dispute_recorded(self) -> bool:
        return bool(self.dispute_result)

    @property
    def is_accepted(self) -> bool:
        return self.outcome in (self.Outcome.ACCEPTED, self.Outcome.PARTLY)

    @property
    def dispute_persists(self) -> bool:
        return self.dispute_result == self.DisputeResult.PERSISTS


class AccessibilityReport(models.Model):
    """A "podnět k nápravě" (Act 99/2019, §9): someone reports content that is not accessible.
    It reaches the superusers' queue and is answered by e-mail."""

    name = models.CharField(_("your name"), max_length=200, blank=True)
    email = models.EmailField(_("your e-mail"))
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    text = models.TextField(_("what is not accessible"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["answered_at", "-created_at"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self) -> str:
        return f"{self.email}: {self.text[:60]}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
