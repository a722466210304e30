"""Placements in flats with their rent ledger, exits with their evidence, and follow-ups."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

from .households import Household, Referral
from .programmes import Flat, Programme


class Placement(models.Model):
    """A household housed in a flat: a tenancy or crisis accommodation.

    On PostgreSQL an exclusion constraint (migration 0002) refuses two placements of one flat
    that overlap in time, as a last line behind the service's locked check."""

    class Contract(models.TextChoices):
        ACCOMMODATION = "accommodation", _("accommodation contract (crisis)")
        SUBLEASE = "sublease", _("sub-lease via an NGO")
        DIRECT = "direct", _("direct lease")
        STANDARD = "standard", _("standard lease")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="placements")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="placements")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="placements")
    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="placements", verbose_name=_("flat"))
    move_in = models.DateField(_("move-in date"))
    planned_end = models.DateField(_("planned end"))
    ended_on = models.DateField(_("moved out on"), null=True, blank=True)
    contract = models.CharField(_("contract type"), max_length=16, choices=Contract.choices)
    lease_transferred_on = models.DateField(_("lease passed to the household on"), null=True, blank=True)
    monthly_rent = models.DecimalField(_("monthly rent (CZK)"), max_digits=9, decimal_places=2)
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next",
        verbose_name=_("previous placement (transition)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-move_in", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("move_in")),
                name="placement_end_after_start",
            ),
            models.CheckConstraint(condition=models.Q(planned_end__gte=models.F("move_in")), name="placement_planned_end_after_start"),
        ]
        indexes = [models.Index(fields=["flat", "move_in"])]

    def __str__(self) -> str:
        return f"{self.household} · {self.flat.address}"

    @property
    def municipality(self) -> Municipality:
        return self.programme.municipality

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class RentCharge(models.Model):
    """One month of the rent ledger."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="rent_charges")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    due = models.DecimalField(_("due (CZK)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    paid = models.DecimalField(_("paid (CZK)"), max_digits=9, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["placement", "month"]
        verbose_name = _("rent charge")
        verbose_name_plural = _("rent ledger")
        constraints = [models.UniqueConstraint(fields=["placement", "month"], name="rentcharge_unique_month")]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.month:%Y-%m}"

    @property
    def arrears(self) -> Decimal:
        return self.due - self.paid



class Exit(models.Model):
    class Completion(models.TextChoices):
        COMPLETED = "completed", _("completed")
        VOLUNTARY = "voluntary", _("left voluntarily")
        INVOLUNTARY = "involuntary", _("involuntary")

    class Reason(models.TextChoices):
        COMPLETED = "completed", _("programme completed")
        MOVED_UP = "moved_up", _("moved up to another form of housing")
        VOLUNTARY = "voluntary", _("left voluntarily")
        NON_PAYMENT = "non_payment", _("notice for non-payment")
        BREACH = "breach", _("notice for breach of the contract")
        ABANDONED = "abandoned", _("abandoned the flat")
        DEATH = "death", _("death")
        INSTITUTION = "institution", _("moved to an institution")
        PROGRAMME_ENDED = "programme_ended", _("programme ended")

    class Destination(models.TextChoices):
        PERMANENT = "permanent", _("permanent housing")
        TEMPORARY = "temporary", _("temporary housing")
        INSTITUTIONAL = "institutional", _("institution")
        HOMELESS = "homeless", _("homelessness")
        DECEASED = "deceased", _("deceased")
        UNKNOWN = "unknown", _("unknown")

    class Place(models.TextChoices):
        """Where the household went, as a Czech worker records it; :data:`PLACE_CATEGORY` maps
        each to one of the five categories of :class:`Destination`."""

        OWN_TENANCY = "own_tenancy", _("own tenancy without support")
        SUPPORTED_TENANCY = "supported_tenancy", _("tenancy with support")
        SOCIAL_FLAT = "social_flat", _("social flat")
        FAMILY_PERMANENT = "family_permanent", _("staying with family permanently")
        FAMILY_TEMPORARY = "family_temporary", _("with family or friends (temporarily)")
        HOSTEL = "hostel", _("hostel (ubytovna)")
        SHELTER = "shelter", _("shelter (azylový dům)")
        HOSPITAL = "hospital", _("hospital")
        TREATMENT = "treatment", _("treatment")
        PRISON = "prison", _("prison")
        HOMELESS = "homeless", _("homeless")
        DECEASED = "deceased", _("deceased")
        UNKNOWN = "unknown", _("unknown")

    EVICTION_REASONS = frozenset({Reason.NON_PAYMENT, Reason.BREACH})
    PLACE_CATEGORY = {
        Place.OWN_TENANCY: Destination.PERMANENT, Place.SUPPORTED_TENANCY: Destination.PERMANENT,
        Place.SOCIAL_FLAT: Destination.PERMANENT, Place.FAMILY_PERMANENT: Destination.PERMANENT,
        Place.FAMILY_TEMPORARY: Destination.TEMPORARY, Place.HOSTEL: Destination.TEMPORARY,
        Place.SHELTER: Destination.TEMPORARY, Place.HOSPITAL: Destination.INSTITUTIONAL,
        Place.TREATMENT: Destination.INSTITUTIONAL, Place.PRISON: Destination.INSTITUTIONAL,
        Place.HOMELESS: Destination.HOMELESS, Place.DECEASED: Destination.DECEASED, Place.UNKNOWN: Destination.UNKNOWN,
    }

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="exit")
    exit_date = models.DateField(_("exit date"))
    completion = models.CharField(_("completion"), max_length=12, choices=Completion.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    place = models.CharField(_("where the household went"), max_length=20, choices=Place.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-exit_date"]
        verbose_name = _("exit")
        verbose_name_plural = _("exits")

    def __str__(self) -> str:
        return f"{self.placement.household} {self.exit_date}"

    @property
    def is_permanent(self) -> bool:
        return self.destination == self.Destination.PERMANENT

    @property
    def is_move_up(self) -> bool:
        return self.reason == self.Reason.MOVED_UP

    @property
    def evidence(self) -> str:
        """What shows that a permanent destination is real: "lease" (a lease record), "placement"
        (an enrolment in the next programme), or "" when there is none."""
        if getattr(self, "standard_lease", None) is not None:
            return "lease"
        if self.placement.onward_referrals.exists():
            return "placement"
        return ""

    @property
    def is_deceased(self) -> bool:
        return self.destination == self.Destination.DECEASED or self.reason == self.Reason.DEATH


class StandardLease(models.Model):
    """The ordinary lease a household signed when it moved up out of the pilots into standard
    housing: the evidence behind the "moved up to standard housing" outcome."""

    class Landlord(models.TextChoices):
        CITY = "city", _("city")
        DISTRICT = "district", _("city district")
        COOPERATIVE = "cooperative", _("housing cooperative")
        PRIVATE = "private", _("private owner")
        NGO = "ngo", _("NGO")
        OTHER = "other", _("other")

    exit = models.OneToOneField(Exit, on_delete=models.CASCADE, related_name="standard_lease")
    signed_on = models.DateField(_("standard lease from"))
    landlord = models.CharField(_("landlord"), max_length=12, choices=Landlord.choices)
    fixed_term = models.BooleanField(_("fixed-term lease"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("standard lease")
        verbose_name_plural = _("standard leases")

    def __str__(self) -> str:
        return f"{self.exit} · {self.get_landlord_display()}"


class FollowUp(models.Model):
    class Status(models.TextChoices):
        SAME_HOME = "same_home", _("still in the same home")
        OTHER_PERMANENT = "other_permanent", _("in other permanent housing")
        TEMPORARY = "temporary", _("in temporary housing")
        HOMELESS = "homeless", _("homeless")
        INSTITUTION = "institution", _("in an institution")
        DECEASED = "deceased", _("deceased")
        UNKNOWN = "unknown", _("could not be reached")

    MONTHS = (6, 12, 24)

    exit = models.ForeignKey(Exit, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after exit"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(_("situation"), max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))

    class Meta:
        ordering = ["exit", "months"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["exit", "months"], name="followup_unique_months")]

    def __str__(self) -> str:
        return f"+{self.months} {self.exit_id}"

