"""Programmes and the flats in them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Municipality

# How long identifying data are kept after a household's last exit, unless the programme sets
# its own period: the evaluation needs the +24-month follow-up, and Czech archiving practice for
# social-service records is up to 5 years after the service ended. ``anonymise_households``
# applies it.
DEFAULT_RETENTION_YEARS = 5


class ProgrammeKind(models.TextChoices):
    CRISIS = "crisis", _("crisis housing")
    SOCIAL = "social", _("social housing")
    AFFORDABLE = "affordable", _("affordable housing")
    HOUSING_FIRST = "housing_first", _("housing first")
    OTHER = "other", _("other")


# The ladder a household climbs: crisis → social → affordable → standard housing.
KIND_LEVEL = {
    ProgrammeKind.CRISIS: 1,
    ProgrammeKind.SOCIAL: 2,
    ProgrammeKind.HOUSING_FIRST: 2,
    ProgrammeKind.AFFORDABLE: 3,
    ProgrammeKind.OTHER: 2,
}


class Programme(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="programmes")
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description (Markdown)"), blank=True)
    measure = models.ForeignKey(
        "concepts.Section", on_delete=models.SET_NULL, null=True, blank=True, related_name="programmes",
        limit_choices_to={"kind": "measure"}, verbose_name=_("concept measure it implements"),
    )
    capacity_flats = models.PositiveIntegerField(_("capacity (flats)"), validators=[MinValueValidator(1)])
    target_households = models.PositiveIntegerField(_("target number of households"))
    cohort_count = models.PositiveSmallIntegerField(_("number of cohorts"), default=1, validators=[MinValueValidator(1)])
    cohort_size = models.PositiveSmallIntegerField(_("households per cohort"), validators=[MinValueValidator(1)])
    support_months = models.PositiveSmallIntegerField(_("support duration (months)"))
    max_stay_months = models.PositiveSmallIntegerField(
        _("maximum stay (months)"), null=True, blank=True,
        help_text=_("Planned end of a placement; the support duration when empty."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="coordinated_programmes",
        verbose_name=_("coordinator"),
    )
    social_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_programmes", verbose_name=_("social workers")
    )
    methodologist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="methodologist_programmes",
        verbose_name=_("methodologist"),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep identifying data (years after exit)"), default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(15)],
    )
    min_contacts_per_month = models.PositiveSmallIntegerField(
        _("minimum support contacts per household and month"), default=2,
        help_text=_("The caseload view warns about households housed in the programme that get fewer."),
    )
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality", "start_date", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="programme_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pilots:programme_detail", args=[self.municipality.slug, self.pk])

    @property
    def level(self) -> int:
        return KIND_LEVEL.get(self.kind, 2)

    @property
    def stay_months(self) -> int:
        return self.max_stay_months or self.support_months

    @property
    def is_crisis(self) -> bool:
        return self.kind == ProgrammeKind.CRISIS

    @property
    def default_contract(self) -> str:
        from .placements import Placement

        return {ProgrammeKind.CRISIS: Placement.Contract.ACCOMMODATION, ProgrammeKind.AFFORDABLE: Placement.Contract.DIRECT}.get(
            self.kind, Placement.Contract.SUBLEASE
        )


class Flat(models.Model):
    class Layout(models.TextChoices):
        L1KK = "1+kk", "1+kk"
        L11 = "1+1", "1+1"
        L2KK = "2+kk", "2+kk"
        L21 = "2+1", "2+1"
        L3KK = "3+kk", "3+kk"
        L31 = "3+1", "3+1"
        L41 = "4+1", "4+1"
        OTHER = "other", _("other")

    class EnergyClass(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"
        F = "F", "F"
        G = "G", "G"

    class Owner(models.TextChoices):
        CITY = "city", _("city")
        DISTRICT = "district", _("city district")
        PRIVATE = "private", _("private owner")
        NGO = "ngo", _("NGO")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        OCCUPIED = "occupied", _("occupied")
        REPAIR = "repair", _("under repair")
        WITHDRAWN = "withdrawn", pgettext_lazy("flat status", "withdrawn")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="flats")
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="flats", verbose_name=_("programme")
    )
    address = models.CharField(_("address"), max_length=255)
    district = models.CharField(_("city district"), max_length=120)
    size_m2 = models.DecimalField(_("size (m²)"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("5"))])
    layout = models.CharField(_("layout"), max_length=8, choices=Layout.choices)
    floor = models.SmallIntegerField(_("floor"), default=0)
    has_lift = models.BooleanField(_("lift"), default=False)
    barrier_free = models.BooleanField(_("barrier-free access"), default=False)
    equipment = models.CharField(_("equipment"), max_length=300, blank=True, help_text=_("e.g. kitchen unit, stove, fridge"))
    energy_class = models.CharField(_("energy class"), max_length=1, choices=EnergyClass.choices, blank=True)
    owner = models.CharField(_("owner"), max_length=12, choices=Owner.choices)
    owner_name = models.CharField(_("owner's name"), max_length=200, blank=True)
    rent = models.DecimalField(_("monthly rent (CZK)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    in_excluded_locality = models.BooleanField(_("in a socially excluded locality"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.AVAILABLE)
    available_from = models.DateField(_("in the programme from"))
    available_to = models.DateField(_("in the programme until"), null=True, blank=True)

    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    class Meta:
        ordering = ["municipality", "district", "address"]
        verbose_name = _("flat")
        verbose_name_plural = _("flats")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "address"], name="flat_unique_address"),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.layout})"

    @property
    def is_out_of_use(self) -> bool:
        return self.status in {self.Status.REPAIR, self.Status.WITHDRAWN}

    @property
    def is_occupied(self) -> bool:
        return self.status == self.Status.OCCUPIED

