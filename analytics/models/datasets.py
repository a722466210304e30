"""Datasets imported from CSV/XLSX files with pandas: the upload awaiting confirmation, the
dataset and its versions (each with its provenance) and the rows in long form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality


class Layout(models.TextChoices):
    """The table layouts the importer recognises (``analytics.datasets.layouts``)."""

    CZSO = "czso", _("Czech Statistical Office open data")
    HOUSING_STOCK = "housing_stock", _("municipal register: housing stock")
    ETHOS = "ethos", _("municipal register: people in housing need (ETHOS)")
    DECLARED = "declared", _("columns declared on upload")


class Territory(models.Model):
    """A territory code a dataset may name (a municipality, its districts, the region, the state).
    An imported row whose code is neither here nor a municipality's code is reported as unknown."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="territories"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Dataset(models.Model):
    """A table from one source (e.g. "ČSÚ: population by district"). Each import of a new file is a
    :class:`DatasetVersion`; the older ones stay readable."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="datasets")
    title = models.CharField(_("title"), max_length=255)
    source = models.CharField(_("source"), max_length=255, help_text=_("Who publishes the data, e.g. ČSÚ."))
    layout = models.CharField(_("layout"), max_length=16, choices=Layout.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality", "title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "source", "title"], name="dataset_unique_source_title")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analytics:dataset_detail", args=[self.municipality.slug, self.pk])


class DatasetVersion(models.Model):
    """One imported file of a dataset, with its provenance. Never changed after the import."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    reference_date = models.DateField(_("reference date"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    filename = models.CharField(_("file name"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows skipped"), default=0)
    columns = models.JSONField(default=list, blank=True, help_text=_("The file's columns as read."))
    measures = models.JSONField(default=list, blank=True, help_text=_("The value columns stored."))
    is_complete = models.BooleanField(
        default=False, help_text="False while the import task writes its rows; readers see complete versions only."
    )

    class Meta:
        ordering = ["dataset", "-number"]
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="datasetversion_unique_number"),
            models.UniqueConstraint(fields=["dataset", "sha256"], name="datasetversion_unique_file"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "analytics:dataset_version", args=[self.dataset.municipality.slug, self.dataset_id, self.number]
        )

    @property
    def municipality(self) -> Municipality:
        return self.dataset.municipality


class DataRow(models.Model):
    """One value of a version in long form: a territory, a period, a measure (the value column)
    and the other dimensions. ``value`` is empty where the source left the cell empty."""

    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(help_text="Line of the file (1 = header).")
    territory_code = models.CharField(max_length=12, blank=True)
    territory_name = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=32, blank=True)
    period_date = models.DateField(null=True, blank=True)
    measure = models.CharField(max_length=100)
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    dimensions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "line", "measure"]
        indexes = [models.Index(fields=["version", "measure", "territory_code"])]

    def __str__(self) -> str:
        return f"{self.territory_code} {self.period} {self.measure}={self.value}"


def upload_to(instance: DatasetUpload, filename: str) -> str:
    return f"datasets/{instance.municipality_id}/uploads/{filename}"


class DatasetUpload(models.Model):
    """A file read for preview, waiting for the user to confirm it. Nothing of it reaches a
    dataset until the import task (started on confirmation) writes the version in one transaction."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("awaiting confirmation")
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        DUPLICATE = "duplicate", _("already imported")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="dataset_uploads")
    dataset = models.ForeignKey(Dataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="uploads")
    title = models.CharField(_("title"), max_length=255)
    source = models.CharField(_("source"), max_length=255)
    reference_date = models.DateField(_("reference date"))
    layout = models.CharField(_("layout"), max_length=16, choices=Layout.choices)
    options = models.JSONField(default=dict, blank=True, help_text=_("Declared columns, sheet, detected encoding."))
    file = models.FileField(upload_to=upload_to)
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    sheets = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    skip_problem_rows = models.BooleanField(_("skip the rows with problems"), default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    version = models.ForeignKey(DatasetVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("dataset upload")
        verbose_name_plural = _("dataset uploads")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("analytics:upload_detail", args=[self.municipality.slug, self.pk])

    @property
    def is_preview(self) -> bool:
        return self.status == self.Status.PREVIEW

    @property
    def is_in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p.get("fatal")]

    @property
    def row_problems(self) -> list[dict]:
        return [p for p in self.problems if not p.get("fatal")]

    @property
    def can_confirm(self) -> bool:
        return self.status == self.Status.PREVIEW and not self.errors and (
            self.skip_problem_rows or not self.row_problems
        )

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.DUPLICATE, self.Status.FAILED, self.Status.CANCELLED}


class DatasetCitation(models.Model):
    """A finding or an analysis chapter citing a dataset version, with the chart of it to embed."""

    version = models.ForeignKey(DatasetVersion, on_delete=models.PROTECT, related_name="citations")
    section = models.ForeignKey(
        "concepts.Section", on_delete=models.CASCADE, null=True, blank=True, related_name="dataset_citations"
    )
    finding = models.ForeignKey(
        "concepts.Finding", on_delete=models.CASCADE, null=True, blank=True, related_name="dataset_citations"
    )
    title = models.CharField(_("chart title"), max_length=255)
    description = models.TextField(_("what the chart shows"), blank=True)
    measure = models.CharField(_("value column"), max_length=100)
    territory_code = models.CharField(_("territory code"), max_length=12, blank=True)
    filters = models.JSONField(default=dict, blank=True, help_text=_("Dimension values the chart keeps."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dataset citation")
        verbose_name_plural = _("dataset citations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(section__isnull=False) | models.Q(finding__isnull=False),
                name="datasetcitation_cites_from_somewhere",
            )
        ]

    def __str__(self) -> str:
        return self.title
