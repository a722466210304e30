"""The concept document: its sections (a numbered tree) and frozen versions.

The comment rounds (``concepts.rounds``) anchor comments to :class:`VersionSection` rows, which
never change once a version is frozen, so anchors cannot drift.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Municipality, Organisation
from portal.phases import Phase


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
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["municipality", "-created_at"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("concepts:concept_detail", args=[self.municipality.slug, self.pk])

    @property
    def is_approved(self) -> bool:
        return self.phase in APPROVED_PHASES


APPROVED_PHASES = frozenset({Phase.APPROVED, Phase.IMPLEMENTATION, Phase.EVALUATION, Phase.REVISION})


class SectionKind(models.TextChoices):
    CHAPTER = "chapter", _("analysis chapter")
    VISION = "vision", _("vision")
    PRIORITY = "priority", _("priority")
    GOAL = "goal", _("goal")
    MEASURE = "measure", _("measure")


# Which kind of section may sit under which parent kind (None: top level).
ALLOWED_PARENT: dict[str, str | None] = {
    SectionKind.CHAPTER: None,
    SectionKind.VISION: None,
    SectionKind.PRIORITY: None,
    SectionKind.GOAL: SectionKind.PRIORITY,
    SectionKind.MEASURE: SectionKind.GOAL,
}


class FundingSource(models.TextChoices):
    OPZ_PLUS = "opz_plus", _("OP Z+ (Employment Plus)")
    IROP = "irop", _("IROP")
    STATE = "state", _("state budget")
    REGIONAL = "regional", _("regional budget")
    MUNICIPAL = "municipal", _("municipal budget")
    OTHER = "other", _("other")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DELAYED = "delayed", _("delayed")
    CANCELLED = "cancelled", _("cancelled")


class SectionKindMixin:
    """What kind of section this is, said once for the templates (live and frozen sections)."""

    @property
    def is_chapter(self) -> bool:
        return self.kind == SectionKind.CHAPTER

    @property
    def is_priority(self) -> bool:
        return self.kind == SectionKind.PRIORITY

    @property
    def is_goal(self) -> bool:
        return self.kind == SectionKind.GOAL

    @property
    def is_measure(self) -> bool:
        return self.kind == SectionKind.MEASURE


class Section(SectionKindMixin, models.Model):
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
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("last edited by"),
    )
    drafting_group = models.ForeignKey(
        "workgroups.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="drafted_sections",
        verbose_name=_("drafted by working group"),
    )
    # Measure details (empty for other kinds).
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="responsible_for_measures",
        verbose_name=_("responsible organisation"),
    )
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    partners = models.TextField(_("partners"), blank=True, help_text=_("Who takes part, one per line."))
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    cost_czk = models.PositiveBigIntegerField(_("estimated cost (CZK)"), null=True, blank=True)
    funding_sources = models.JSONField(
        _("funding sources"), default=list, blank=True, help_text=_("Codes of FundingSource; a measure may have several.")
    )
    findings = models.ManyToManyField(
        "Finding", blank=True, related_name="measures", verbose_name=_("findings this measure answers")
    )
    # Implementation tracking of a measure (after approval).
    status = models.CharField(
        _("implementation status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0, validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["concept", "parent_id", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["concept", "uid"], name="section_unique_uid"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="section_progress_max_100"),
        ]
        indexes = [models.Index(fields=["concept", "kind"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("concepts:section_detail", args=[self.concept.municipality.slug, self.concept_id, self.pk])

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def get_funding_sources_display(self) -> str:
        return funding_labels(self.funding_sources)


def funding_labels(codes) -> str:
    """"IROP, municipal budget" for ["irop", "municipal"] (unknown codes kept as they are)."""
    labels = dict(FundingSource.choices)
    return ", ".join(str(labels.get(code, code)) for code in (codes or []))


# A measure's output indicators are ``analytics.Indicator`` rows (``section.indicators``).


class SectionRevision(models.Model):
    """Every change to a section of the draft: who, when, what it said afterwards. Kept when the
    section is deleted (``section`` becomes empty, ``uid`` stays)."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        MOVED = "moved", _("moved")
        DELETED = "deleted", _("deleted")
        PROGRESS = "progress", _("progress recorded")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="revisions")
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions")
    uid = models.UUIDField(db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    edit_version = models.PositiveIntegerField(default=1)
    number = models.CharField(max_length=32, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("section revision")
        verbose_name_plural = _("section revisions")

    def __str__(self) -> str:
        return f"{self.title} · {self.get_action_display()} · {self.changed_at:%Y-%m-%d %H:%M}"


class ProgressNote(models.Model):
    """A dated note on the implementation of a measure, with evidence."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="progress_notes")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"))
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("Where the evidence is: minutes, report, contract."))
    evidence_url = models.URLField(_("evidence link"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress %"), validators=[MaxValueValidator(100)])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["section", "-noted_on", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.noted_on} {self.text[:60]}"


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
    approval_meeting = models.ForeignKey(
        "workgroups.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="approved_versions",
        verbose_name=_("steering meeting that approved it"),
    )

    class Meta:
        ordering = ["concept", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [models.UniqueConstraint(fields=["concept", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "concepts:version_detail", args=[self.concept.municipality.slug, self.concept_id, self.number]
        )

    @property
    def municipality(self) -> Municipality:
        return self.concept.municipality


class VersionSection(SectionKindMixin, models.Model):
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
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["concept", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.statement[:80]
