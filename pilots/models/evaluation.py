"""The methodologist's evaluation report, frozen figures and narrative."""

from __future__ import annotations

from django.conf import settings
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

