"""Indicators: a definition (:class:`Indicator`), its use in one municipality with baseline,
milestones and targets (:class:`MunicipalityIndicator`, :class:`IndicatorTarget`), values per
period with their approval cycle (:class:`IndicatorValue`, :class:`ValueEvent`) and the flags
raised when a value looks wrong (:class:`ValidationFlag`).

A concept measure's output indicator is an :class:`Indicator` with ``section`` set.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

from ..indicators.periods import period_end, period_label


def _two_places(value: Decimal | None) -> Decimal | None:
    """A measure's figures as the concept has always shown them (30.00, not 30.0000)."""
    if value is None:
        return None
    rounded = value.quantize(Decimal("0.01"))
    return rounded if rounded == value else value.normalize()


class Direction(models.TextChoices):
    UP = "up", _("up is good")
    DOWN = "down", _("down is good")


class Level(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    PROGRAMME = "programme", _("programme")
    AGENCY = "agency", _("agency")


class Periodicity(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Source(models.TextChoices):
    COMPUTED = "computed", _("computed from the portal's data")
    ENTERED = "entered", _("entered")
    DATASET = "dataset", _("imported from a dataset column")


class ComputedKey(models.TextChoices):
    """What a computed indicator computes (``analytics.indicators.computed``)."""

    PILOT_RETENTION = "pilot_retention", _("pilots: households still housed (%)")
    PILOT_OCCUPANCY = "pilot_occupancy", _("pilots: flats occupied (%)")
    EVIDENCE_SHARE = "evidence_share", _("measures linked to an analytical finding (%)")
    PARTICIPATIVE_MEETINGS = "participative_meetings", _("meetings with participative methods")
    RESPONSE_RATE = "response_rate", _("comment-round response rate (%)")


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")


class Indicator(models.Model):
    """What is measured and how. ``municipality`` empty: a definition of the agency's catalogue that
    any municipality may track; set: the municipality's own (e.g. a measure's output indicator)."""

    Source = Source

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    description = models.TextField(_("definition"), blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.UP)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.MUNICIPALITY)
    periodicity = models.CharField(_("periodicity"), max_length=8, choices=Periodicity.choices, default=Periodicity.YEAR)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.ENTERED)
    computed_key = models.CharField(_("computed as"), max_length=32, choices=ComputedKey.choices, blank=True)
    dataset = models.ForeignKey(
        "analytics.Dataset", on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators",
        verbose_name=_("dataset"),
    )
    dataset_measure = models.CharField(_("dataset column"), max_length=100, blank=True)
    valid_min = models.DecimalField(_("lowest valid value"), max_digits=20, decimal_places=4, null=True, blank=True)
    valid_max = models.DecimalField(_("highest valid value"), max_digits=20, decimal_places=4, null=True, blank=True)
    small_count = models.BooleanField(
        _("counts households"), default=False,
        help_text=_("Values under 5 are hidden from readers outside the municipality."),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="own_indicators"
    )
    section = models.ForeignKey(
        "concepts.Section", on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
        verbose_name=_("measure"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(municipality__isnull=True), name="indicator_unique_catalogue_code"
            ),
            models.UniqueConstraint(fields=["municipality", "code"], name="indicator_unique_code_per_municipality"),
            models.CheckConstraint(
                condition=models.Q(valid_min__isnull=True) | models.Q(valid_max__isnull=True)
                | models.Q(valid_min__lte=models.F("valid_max")),
                name="indicator_valid_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    @property
    def is_entered(self) -> bool:
        return self.source == Source.ENTERED

    @property
    def up_is_good(self) -> bool:
        return self.direction == Direction.UP

    # A measure's output indicator, as the concept pages and the frozen versions show it: the
    # target and what has been achieved come from its plan (see ``selectors.measure_indicators``).
    @property
    def target(self) -> Decimal | None:
        if hasattr(self, "target_value"):
            return _two_places(self.target_value)
        mark = IndicatorTarget.objects.filter(
            plan__indicator=self, kind=TargetKind.TARGET, owner=TargetOwner.MUNICIPALITY
        ).order_by("-on", "-pk").first()
        return _two_places(mark.value) if mark else None

    @property
    def achieved(self) -> Decimal | None:
        if hasattr(self, "achieved_value"):
            return _two_places(self.achieved_value)
        value = IndicatorValue.objects.filter(
            plan__indicator=self, state__in=ValueState.counted(), value__isnull=False
        ).order_by("-period_start").first()
        return _two_places(value.value) if value else None


class MunicipalityIndicator(models.Model):
    """An indicator tracked by one municipality: its baseline, milestones and targets, its values,
    whether partners may see it, and an official's override of the computed status."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="indicator_plans")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="plans")
    is_published = models.BooleanField(_("published to partners"), default=False)
    status_override = models.CharField(_("status set by hand"), max_length=16, choices=Status.choices, blank=True)
    override_reason = models.TextField(_("reason for the status"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality", "indicator__code"]
        verbose_name = _("municipality's indicator")
        verbose_name_plural = _("municipalities' indicators")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator"], name="plan_unique_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.municipality}"

    def get_absolute_url(self) -> str:
        return reverse("analytics:indicator_detail", args=[self.municipality.slug, self.pk])

    @property
    def is_overridden(self) -> bool:
        return bool(self.status_override)


class TargetKind(models.TextChoices):
    BASELINE = "baseline", _("baseline")
    MILESTONE = "milestone", _("milestone")
    TARGET = "target", _("target")


class TargetOwner(models.TextChoices):
    MUNICIPALITY = "municipality", _("the municipality")
    AGENCY = "agency", _("the agency")


class IndicatorTarget(models.Model):
    """A baseline, milestone or target of a municipality's indicator: a value on a date, who set it.
    The agency's own targets (``owner=agency``) are kept apart and never feed the status rule."""

    plan = models.ForeignKey(MunicipalityIndicator, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    owner = models.CharField(_("set for"), max_length=16, choices=TargetOwner.choices, default=TargetOwner.MUNICIPALITY)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "on", "pk"]
        verbose_name = _("baseline or target")
        verbose_name_plural = _("baselines and targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "owner"], condition=models.Q(kind="baseline"), name="target_one_baseline",
            ),
            models.UniqueConstraint(
                fields=["plan", "owner"], condition=models.Q(kind="target"), name="target_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value} ({self.on})"

    @property
    def is_agency(self) -> bool:
        return self.owner == TargetOwner.AGENCY


class ValueState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    LOCKED = "locked", _("locked")
    REOPENED = "reopened", _("reopened")

    @classmethod
    def counted(cls) -> list[str]:
        """States whose value counts for the status rule and the charts' approved line."""
        return [cls.APPROVED, cls.LOCKED]

    @classmethod
    def editable(cls) -> list[str]:
        return [cls.DRAFT, cls.REOPENED]


class ValueSource(models.TextChoices):
    ENTERED = "entered", _("entered")
    COMPUTED = "computed", _("computed")
    IMPORTED = "imported", _("imported")


class IndicatorValue(models.Model):
    """The value of a municipality's indicator for one period (named by its first day)."""

    plan = models.ForeignKey(MunicipalityIndicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=ValueSource.choices, default=ValueSource.ENTERED)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ValueState.choices, default=ValueState.DRAFT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "period_start"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_start"], name="value_unique_period"),
        ]
        indexes = [models.Index(fields=["state", "period_start"])]

    def __str__(self) -> str:
        return f"{self.plan.indicator.code} {self.period_label}: {self.value}"

    @property
    def periodicity(self) -> str:
        return self.plan.indicator.periodicity

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.periodicity)

    @property
    def period_end(self):
        return period_end(self.period_start, self.periodicity)

    @property
    def is_editable(self) -> bool:
        return self.state in ValueState.editable()

    @property
    def can_submit(self) -> bool:
        return self.is_editable and self.value is not None

    @property
    def can_approve(self) -> bool:
        return self.state == ValueState.SUBMITTED

    @property
    def can_lock(self) -> bool:
        return self.state == ValueState.APPROVED

    @property
    def can_reopen(self) -> bool:
        return self.state == ValueState.LOCKED

    @property
    def is_counted(self) -> bool:
        return self.state in ValueState.counted()

    @property
    def municipality(self) -> Municipality:
        return self.plan.municipality


class ValueEvent(models.Model):
    """Every step of a value's cycle: who moved it from which state to which, and why."""

    class Action(models.TextChoices):
        ENTER = "enter", _("entered")
        SUBMIT = "submit", _("submitted")
        APPROVE = "approve", _("approved")
        RETURN = "return", _("returned for correction")
        LOCK = "lock", _("locked")
        REOPEN = "reopen", _("reopened")
        COMPUTE = "compute", _("computed")

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action.choices)
    from_state = models.CharField(max_length=16, choices=ValueState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=ValueState.choices)
    amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["value", "at", "pk"]
        verbose_name = _("value event")
        verbose_name_plural = _("value events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ValidationFlag(models.Model):
    """A value outside the valid range or far from the indicator's own history. The person who
    entered it explains it (``comment``) or corrects it; ``follow_up`` asks someone to look again."""

    class Kind(models.TextChoices):
        OUT_OF_RANGE = "out_of_range", _("outside the valid range")
        OUTLIER = "outlier", _("more than three standard deviations from the history")

    class State(models.TextChoices):
        OPEN = "open", _("awaiting a comment")
        EXPLAINED = "explained", _("explained")
        RESOLVED = "resolved", _("resolved")

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    message = models.CharField(_("problem"), max_length=300)
    flagged_amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    comment = models.TextField(_("comment"), blank=True)
    follow_up = models.BooleanField(_("flag for follow-up"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("validation flag")
        verbose_name_plural = _("validation flags")

    def __str__(self) -> str:
        return self.message

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_resolved(self) -> bool:
        return self.state == self.State.RESOLVED
