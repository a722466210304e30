"""The concept document: its sections (a numbered tree) and frozen versions.

The comment rounds (``concepts.rounds``) anchor comments to :class:`VersionSection` rows, which
never change once a version is frozen, so anchors cannot drift.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality


class Phase(models.TextChoices):
    """The six phases of community planning (seed 003), then the life after approval."""

    PREPARATION = "preparation", _("1. Preparation")
    STEERING = "steering", _("2. Steering structure")
    ANALYSIS = "analysis", _("3. Understanding the problems")
    PROPOSAL = "proposal", _("4. Proposal of development")
    STRATEGY = "strategy", _("5. Strategy and approval")
    TO_PRACTICE = "to_practice", _("6. From planning to practice")
    APPROVED = "approved", _("Approved")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Evaluation")
    REVISION = "revision", _("Revision")


class Concept(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="concepts")
    title = models.CharField(_("title"), max_length=255)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)
    vision = models.TextField(_("vision"), blank=True)
    gestor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("owner (gestor)"),
    )
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("writer"),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.PREPARATION)
    resolution_number = models.CharField(_("council resolution number"), max_length=100, blank=True)
    resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "-created_at"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("concepts:concept_detail", args=[self.municipality.slug, self.pk])


class SectionKind(models.TextChoices):
    CHAPTER = "chapter", _("analysis chapter")
    VISION = "vision", _("vision")
    PRIORITY = "priority", _("priority")
    GOAL = "goal", _("goal")
    MEASURE = "measure", _("measure")


class Section(models.Model):
    """A node of the living draft. ``number`` is derived from the tree (1, 1.1, 1.1.1) and kept
    right by the renumbering service whenever the tree changes; ``uid`` identifies the section
    across versions, for diffs and for pointing a settlement to the next version."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SectionKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    number = models.CharField(_("number"), max_length=32, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text (Markdown)"), blank=True)
    edit_version = models.PositiveIntegerField(default=1, help_text=_("Optimistic lock: bumped on every save."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["concept", "parent_id", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["concept", "uid"], name="section_unique_uid")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Version(models.Model):
    """An immutable, numbered snapshot of the whole document (v1, v2, …)."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    label = models.CharField(_("label"), max_length=200, blank=True)
    change_summary = models.TextField(_("what changed"), blank=True)
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=255)
    vision = models.TextField(_("vision"), blank=True)
    steering_approved_on = models.DateField(_("approved by the steering team on"), null=True, blank=True)
    steering_approval_note = models.CharField(_("approval recorded in"), max_length=300, blank=True)

    class Meta:
        ordering = ["concept", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [models.UniqueConstraint(fields=["concept", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def municipality(self) -> Municipality:
        return self.concept.municipality


class VersionSection(models.Model):
    """A section as it stood in a frozen version. Never updated after the freeze."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    uid = models.UUIDField(db_index=True)
    parent_uid = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=SectionKind.choices)
    order = models.PositiveIntegerField(help_text=_("Position in reading order of the whole document."))
    depth = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, help_text=_("Measure details and other structured fields."))

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "uid"], name="versionsection_unique_uid"),
            models.UniqueConstraint(fields=["version", "order"], name="versionsection_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Finding(models.Model):
    """An analytical statement the concept rests on. Measures link to the findings they answer."""

    class Source(models.TextChoices):
        DATASET = "dataset", _("dataset")
        STUDY = "study", _("study")
        FOCUS_GROUP = "focus_group", _("focus group")
        INTERVIEW = "interview", _("interview")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="findings")
    chapter = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="chapter_findings",
        limit_choices_to={"kind": SectionKind.CHAPTER}, verbose_name=_("chapter"),
    )
    statement = models.TextField(_("finding"))
    source_kind = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_detail = models.CharField(_("source detail"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["concept", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.statement[:80]
