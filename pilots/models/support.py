"""Support plans, goals, reviews and contacts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .households import Household
from .programmes import Programme


class Domain(models.TextChoices):
    HOUSING = "housing", _("housing")
    DEBTS = "debts", _("debts")
    EMPLOYMENT = "employment", _("employment")
    HEALTH = "health", _("health")
    CHILDREN = "children", _("children and school")
    RELATIONS = "relations", _("relations")
    BENEFITS = "benefits", _("benefits")


class SupportPlan(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="support_plans")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="support_plans")
    started_on = models.DateField(_("plan started on"))
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=3, validators=[MinValueValidator(1)])
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        constraints = [models.UniqueConstraint(fields=["household", "programme"], name="supportplan_one_per_programme")]

    def __str__(self) -> str:
        return f"{self.household} · {self.programme}"


class SupportGoal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        ACHIEVED = "achieved", _("achieved")
        NOT_ACHIEVED = "not_achieved", _("not achieved")
        DROPPED = "dropped", _("dropped")

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=12, choices=Domain.choices)
    description = models.CharField(_("goal"), max_length=300)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "domain", "pk"]
        verbose_name = _("support goal")
        verbose_name_plural = _("support goals")

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.description[:40]}"


class PlanReview(models.Model):
    """A review of a support plan that falls due; done on time when ``done_on <= due_on``."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["plan", "due_on"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        constraints = [models.UniqueConstraint(fields=["plan", "due_on"], name="planreview_unique_due")]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.due_on}"


class SupportContact(models.Model):
    class Mode(models.TextChoices):
        HOME_VISIT = "home_visit", _("home visit")
        OFFICE = "office", _("office")
        PHONE = "phone", _("phone")
        ACCOMPANIMENT = "accompaniment", _("accompaniment")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="contacts")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="contacts")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("worker"))
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(720)])
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    domains = models.JSONField(_("domains"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        indexes = [models.Index(fields=["programme", "date"])]

    def __str__(self) -> str:
        return f"{self.household} {self.date}"

