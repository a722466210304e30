"""Households (pseudonymous), their identity kept apart, and referrals to programmes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Municipality, Organisation

from .programmes import Programme

# Codes use letters and digits that cannot be confused when read aloud or written by hand.
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"
CODE_LENGTH = 6



def new_household_code() -> str:
    """A random code with no relation to names or birth numbers (about 2^27 possibilities)."""
    return "D-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Household(models.Model):
    """A household in the pilots, known by its pseudonymous code only."""

    class Composition(models.TextChoices):
        SINGLE = "single", _("single person")
        COUPLE = "couple", _("couple without children")
        SINGLE_PARENT = "single_parent", _("single parent with children")
        FAMILY = "family", _("couple with children")
        MULTI = "multigenerational", _("multi-generational household")
        OTHER = "other", _("other")

    class Ethos(models.TextChoices):
        # ETHOS operational categories (FEANTSA), as used in Czech housing-need estimates
        ROOFLESS = "1", _("1 living rough")
        EMERGENCY = "2", _("2 emergency accommodation")
        HOSTEL = "3", _("3 homeless hostel or shelter")
        WOMEN = "4", _("4 women's shelter")
        MIGRANT = "5", _("5 accommodation for immigrants")
        RELEASE = "6", _("6 due to leave an institution")
        LONG_TERM = "7", _("7 long-term supported accommodation")
        INSECURE = "8", _("8 insecure accommodation (relatives, residential hotel)")
        EVICTION = "9", _("9 under threat of eviction")
        VIOLENCE = "10", _("10 under threat of violence")
        TEMPORARY = "11", _("11 temporary or non-conventional structure")
        UNFIT = "12", _("12 unfit housing")
        OVERCROWDED = "13", _("13 extreme overcrowding")

    class PriorLiving(models.TextChoices):
        STREET = "street", _("street")
        SHELTER = "shelter", _("shelter")
        RESIDENTIAL_HOTEL = "residential_hotel", _("residential hotel (ubytovna)")
        RELATIVES = "relatives", _("with relatives or friends")
        OWN_AT_RISK = "own_at_risk", _("own flat at risk")
        INSTITUTION = "institution", _("institution")
        OTHER = "other", _("other")

    class Income(models.TextChoices):
        EMPLOYMENT = "employment", _("employment")
        UNEMPLOYMENT = "unemployment", _("unemployment benefit")
        MATERIAL_NEED = "material_need", _("benefits in material need")
        PENSION = "pension", _("pension")
        PARENTAL = "parental", _("parental allowance")
        DISABILITY = "disability", _("disability benefit")
        NONE = "none", _("no income")
        OTHER = "other", _("other")

    class DebtBand(models.TextChoices):
        NONE = "", _("no debt")
        UNDER_50 = "lt50", _("under 50 000 CZK")
        UNDER_200 = "50_200", _("50 000–200 000 CZK")
        UNDER_500 = "200_500", _("200 000–500 000 CZK")
        OVER_500 = "gt500", _("over 500 000 CZK")

    class Source(models.TextChoices):
        LABOUR_OFFICE = "labour_office", _("labour office")
        MAGISTRATE = "magistrate", _("magistrate")
        DISTRICT = "district", _("city district")
        NGO = "ngo", _("NGO")
        CHILD_PROTECTION = "child_protection", _("child protection (OSPOD)")
        FIELD_WORK = "field_work", _("field social work")
        SELF = "self", _("self-referral")
        OTHER = "other", _("other")

    class Stage(models.TextChoices):
        REFERRED = "referred", _("referred")
        WAITING = "waiting", _("on the waiting list")
        ACCEPTED = "accepted", _("accepted, waiting for a flat")
        PLACED = "placed", _("housed")
        EXITED = "exited", _("left the programme")
        REFUSED = "refused", pgettext_lazy("household stage", "refused")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="households")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="households", verbose_name=_("programme"),
        help_text=_("The programme now responsible for the household; a transition moves it on."),
    )
    code = models.CharField(_("code"), max_length=12, unique=True, default=new_household_code, editable=False)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.REFERRED)
    size = models.PositiveSmallIntegerField(_("household size"), validators=[MinValueValidator(1)])
    adults = models.PositiveSmallIntegerField(_("adults"), validators=[MinValueValidator(1)])
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    composition = models.CharField(_("composition"), max_length=20, choices=Composition.choices)
    ethos = models.CharField(_("ETHOS category at entry"), max_length=2, choices=Ethos.choices)
    prior_living = models.CharField(_("prior living situation"), max_length=20, choices=PriorLiving.choices)
    income_source = models.CharField(_("main income source"), max_length=16, choices=Income.choices)
    has_debt = models.BooleanField(_("has debts"), default=False)
    debt_band = models.CharField(_("debt band"), max_length=8, choices=DebtBand.choices, blank=True)
    referral_source = models.CharField(_("referred by"), max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Optimistic lock (portal/concurrency.py): several workers edit one household's record.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["municipality", "programme", "stage"])]

    def __str__(self) -> str:
        # Only the code: this string goes into the audit log and every list.
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("pilots:household_detail", args=[self.municipality.slug, self.pk])

    @property
    def is_placed(self) -> bool:
        return self.stage == self.Stage.PLACED

    @property
    def is_waiting_for_flat(self) -> bool:
        return self.stage == self.Stage.ACCEPTED


class HouseholdIdentity(models.Model):
    """Who the household is. Kept apart so that nothing else ever carries a name."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(_("name of the head of household"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_note = models.CharField(_("other contact"), max_length=300, blank=True)
    edit_version = models.PositiveIntegerField(default=1, editable=False,
                                               help_text=_("Optimistic lock: bumped on every save."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household identity")
        verbose_name_plural = _("household identities")

    def __str__(self) -> str:
        return f"identity of {self.household_id}"


class Referral(models.Model):
    """Outreach and selection (depistáž): a household referred to a programme and the decision."""

    class Intensity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    class Decision(models.TextChoices):
        PENDING = "pending", _("awaiting decision")
        ACCEPTED = "accepted", pgettext_lazy("referral decision", "accepted")
        WAITING = "waiting", _("waiting list")
        REFUSED_PROVIDER = "refused_provider", _("refused by the provider")
        REFUSED_CLIENT = "refused_client", _("refused by the client")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="referrals")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField(_("referral date"))
    referrer = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("referring organisation")
    )
    referrer_name = models.CharField(_("referring worker"), max_length=200, blank=True)
    intensity = models.CharField(_("support intensity"), max_length=8, choices=Intensity.choices)
    planned_hours = models.DecimalField(
        _("planned support hours per month"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    decision = models.CharField(pgettext_lazy("referral", "decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    waiting_position = models.PositiveIntegerField(_("position on the waiting list"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    cohort = models.PositiveSmallIntegerField(_("cohort"), null=True, blank=True)
    from_placement = models.ForeignKey(
        "Placement", on_delete=models.SET_NULL, null=True, blank=True, related_name="onward_referrals",
        verbose_name=_("transition from placement"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="accepted") | models.Q(cohort__isnull=False, decided_on__isnull=False),
                name="referral_accepted_has_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} → {self.programme}"

    @property
    def is_open(self) -> bool:
        """Still to be decided: awaiting a decision or on the waiting list (pořadník)."""
        return self.decision in {self.Decision.PENDING, self.Decision.WAITING}

    @property
    def is_accepted(self) -> bool:
        return self.decision == self.Decision.ACCEPTED

    @property
    def can_be_housed(self) -> bool:
        return self.is_accepted and not self.placements.exists()

    @property
    def municipality(self) -> Municipality:
        return self.household.municipality

