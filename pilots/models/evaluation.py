"""The methodologist's evaluation report, frozen figures and narrative."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

from .programmes import Programme


class EvaluationReport(models.Model):
    """The methodologist's evaluation of a programme. The figures are frozen into ``snapshot``
    so that later corrections or anonymisation never change a report that was handed in."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evaluations")
    title = models.CharField(_("title"), max_length=255)
    as_of = models.DateField(_("figures as of"))
    summary = models.TextField(_("summary (Markdown)"), blank=True)
    method = models.TextField(_("method (Markdown)"), blank=True)
    findings = models.TextField(_("findings (Markdown)"), blank=True)
    recommendations = models.TextField(_("recommendations (Markdown)"), blank=True)
    snapshot = models.JSONField(_("frozen figures"), default=dict, blank=True)
    snapshot_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    edit_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pilots:evaluation_detail", args=[self.programme.municipality.slug, self.pk])

    @property
    def municipality(self) -> Municipality:
        return self.programme.municipality

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED



# The eight principles of Housing First Europe (Housing First Guide Europe, FEANTSA 2016), the
# items a new programme's fidelity self-assessment starts from; the programme may edit them.
HOUSING_FIRST_PRINCIPLES = (
    "Bydlení je lidské právo.",
    "Volba a kontrola pro uživatele služeb.",
    "Oddělení bydlení a léčby.",
    "Orientace na zotavení (recovery).",
    "Snižování rizik (harm reduction).",
    "Aktivní zapojení bez nátlaku.",
    "Plánování zaměřené na člověka.",
    "Flexibilní podpora tak dlouho, jak je potřeba.",
)
FIDELITY_SCALE_MAX = 4  # 0 not met · 1 little · 2 partly · 3 mostly · 4 fully


class FidelityItem(models.Model):
    """One item of a programme's fidelity self-assessment, scored 0 to :data:`FIDELITY_SCALE_MAX`."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="fidelity_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Empty or 0: at the end."))
    text = models.CharField(_("item"), max_length=300)
    is_active = models.BooleanField(_("in use"), default=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("fidelity item")
        verbose_name_plural = _("fidelity items")

    def __str__(self) -> str:
        return self.text


class FidelityAssessment(models.Model):
    """A self-assessment on one day: a score per item; repeated over time, shown as a trend."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="fidelity_assessments")
    assessed_on = models.DateField(_("assessed on"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "assessed_on", "pk"]
        verbose_name = _("fidelity self-assessment")
        verbose_name_plural = _("fidelity self-assessments")

    def __str__(self) -> str:
        return f"{self.programme} {self.assessed_on}"


class FidelityScore(models.Model):
    assessment = models.ForeignKey(FidelityAssessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(FidelityItem, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(FIDELITY_SCALE_MAX)])

    class Meta:
        ordering = ["assessment", "item__position"]
        verbose_name = _("fidelity score")
        verbose_name_plural = _("fidelity scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="fidelityscore_unique_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"
