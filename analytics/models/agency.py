"""The agency's side (seed 004): the cooperation description per municipality, quality criteria
scored at t0 / midway / t24, good-practice events with attendance, conferences toward central
government, quarterly target snapshots, report snapshots and report subscriptions."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

COOPERATION_MONTHS = 24


class ThematicArea(models.TextChoices):
    HOUSING = "housing", _("housing")
    DEBTS = "debts", _("debts")
    EMPLOYMENT = "employment", _("employment")
    SAFETY = "safety", _("safety")
    EDUCATION = "education", _("education")
    FAMILY = "family", _("family")
    HEALTH = "health", _("health")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Cooperation(models.Model):
    """Popis spolupráce: what the agency agreed with one municipality for (usually) 24 months."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="cooperation")
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cooperations", verbose_name=_("consultants")
    )
    starts_on = models.DateField(_("start of cooperation"))
    planned_end_on = models.DateField(_("planned end"), help_text=_("24 months after the start unless agreed otherwise."))
    thematic_areas = models.JSONField(_("thematic areas"), default=list, blank=True)
    note = models.TextField(_("scope of support"), blank=True)
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cooperation description")
        verbose_name_plural = _("cooperation descriptions")
        constraints = [
            models.CheckConstraint(condition=Q(planned_end_on__gt=models.F("starts_on")), name="cooperation_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.starts_on} – {self.planned_end_on}"

    @property
    def area_labels(self) -> list[str]:
        labels = dict(ThematicArea.choices)
        return [str(labels[a]) for a in self.thematic_areas if a in labels]

    def month_of(self, today: date) -> int:
        """Which month of the cooperation ``today`` falls in (0 before the start)."""
        if today < self.starts_on:
            return 0
        return (today.year - self.starts_on.year) * 12 + today.month - self.starts_on.month + 1

    @property
    def total_months(self) -> int:
        return (self.planned_end_on.year - self.starts_on.year) * 12 + self.planned_end_on.month - self.starts_on.month


class Contact(models.Model):
    """A contact person of the municipality; one of them may be its inclusion manager."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_inclusion_manager = models.BooleanField(_("inclusion manager"), default=False)

    class Meta:
        ordering = ["-is_inclusion_manager", "name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation"], condition=Q(is_inclusion_manager=True), name="contact_one_inclusion_manager"
            )
        ]

    def __str__(self) -> str:
        return self.name


class QualityCriterion(models.Model):
    """A quality criterion agreed at the start, with a rubric of levels (see :class:`CriterionLevel`)."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=300)
    area = models.CharField(_("thematic area"), max_length=16, choices=ThematicArea.choices, blank=True)
    is_competence = models.BooleanField(
        _("competence criterion"), default=False,
        help_text=_("Competence in coordinating the network of services (the agency's target 1)."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cooperation", "position", "pk"]
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")

    def __str__(self) -> str:
        return self.title


class CriterionLevel(models.Model):
    criterion = models.ForeignKey(QualityCriterion, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1)])
    descriptor = models.CharField(_("descriptor"), max_length=500)

    class Meta:
        ordering = ["criterion", "level"]
        constraints = [models.UniqueConstraint(fields=["criterion", "level"], name="criterionlevel_unique")]

    def __str__(self) -> str:
        return f"{self.level}: {self.descriptor}"


class ScoreMoment(models.TextChoices):
    T0 = "t0", _("start (t0)")
    MIDWAY = "midway", _("midway")
    T24 = "t24", _("end (t24)")


class CriterionScore(models.Model):
    criterion = models.ForeignKey(QualityCriterion, on_delete=models.CASCADE, related_name="scores")
    moment = models.CharField(_("when in the cooperation"), max_length=8, choices=ScoreMoment.choices)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1)])
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("scored by")
    )
    scored_on = models.DateField(_("scored on"))
    evidence = models.TextField(_("evidence"))

    class Meta:
        ordering = ["criterion", "scored_on", "pk"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [models.UniqueConstraint(fields=["criterion", "moment"], name="criterionscore_one_per_moment")]

    def __str__(self) -> str:
        return f"{self.criterion} {self.moment}: {self.level}"


class EventKind(models.TextChoices):
    FORUM = "forum", _("social inclusion forum")
    WORKSHOP = "workshop", _("workshop")
    THEMATIC_CONFERENCE = "thematic_conference", _("thematic conference")
    CENTRAL_CONFERENCE = "central_conference", _("conference toward central government")


class GoodPracticeEvent(models.Model):
    """A good-practice transfer event; a conference toward central government also records what was
    presented to whom (the agency's target 4)."""

    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("topic"), max_length=300)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    central_bodies = models.TextField(_("central bodies addressed"), blank=True)
    data_presented = models.TextField(_("data presented"), blank=True)
    proposals = models.TextField(_("proposals made"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("good-practice event")
        verbose_name_plural = _("good-practice events")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"

    @property
    def is_central_conference(self) -> bool:
        return self.kind == EventKind.CENTRAL_CONFERENCE

    @property
    def passes_to_central_government(self) -> bool:
        """A conference toward central government that recorded bodies, data and proposals."""
        return self.is_central_conference and all(
            x.strip() for x in (self.central_bodies, self.data_presented, self.proposals)
        )


class EventAttendance(models.Model):
    """One person at an event: hours actually attended (part attendance counts what was attended)."""

    event = models.ForeignKey(GoodPracticeEvent, on_delete=models.CASCADE, related_name="attendance")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    is_inclusion_manager = models.BooleanField(_("inclusion manager"), default=False)
    hours = models.DecimalField(_("hours attended"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0"))])
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["event", "municipality__name", "name"]
        verbose_name = _("event attendance")
        verbose_name_plural = _("event attendance")
        constraints = [
            models.UniqueConstraint(fields=["event", "municipality", "name"], name="eventattendance_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.hours} h"


def event_file_upload_to(instance: EventFile, filename: str) -> str:
    return f"agency/events/{instance.event_id}/{uuid.uuid4().hex}/{filename}"


class EventFile(models.Model):
    event = models.ForeignKey(GoodPracticeEvent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=event_file_upload_to)
    filename = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename


class TargetSnapshot(models.Model):
    """A municipality's contribution to the five targets in one quarter (for the trend)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    quarter = models.CharField(max_length=7)  # "2026-Q4"
    taken_on = models.DateField()
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["quarter", "municipality"]
        constraints = [models.UniqueConstraint(fields=["municipality", "quarter"], name="targetsnapshot_unique")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.quarter}"


class ReportSnapshot(models.Model):
    """The monitoring report's figures as of one moment: the PDF is rendered from these, so it can be
    made again with the same figures."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taken_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M}"


class ReportSubscription(models.Model):
    """A monthly e-mail with the monitoring report (attached, or linked through the download)."""

    class Delivery(models.TextChoices):
        ATTACH = "attach", _("attached to the e-mail")
        LINK = "link", _("as a link to the download")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("municipality"), help_text=_("Empty: all the municipalities you follow."),
    )
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.LINK)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="reportsubscription_unique"),
            models.UniqueConstraint(fields=["user"], condition=Q(municipality__isnull=True), name="reportsubscription_one_all"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.municipality_id or 'all'}"

    @property
    def attaches(self) -> bool:
        return self.delivery == self.Delivery.ATTACH
