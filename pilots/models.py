"""Pilot housing programmes (DESIGN §2 point 7): programmes, flats, households, referrals,
placements with their rent ledger, support plans and contacts, exits with follow-ups, and the
methodologist's evaluation report.

Households are special-category personal data. Everything that lists, exports or aggregates
them uses the random pseudonymous :attr:`Household.code`; the identifying data sit apart in
:class:`HouseholdIdentity`, which only the household's social workers and the programme
coordinator see (``pilots/access.py``) and which :func:`pilots.services.household_anonymise`
deletes when the retention period ends.

No model here has business logic in ``save()``: the rules (no overlapping placements,
capacity, dates) live in ``pilots/services.py``.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Municipality, Organisation

# Codes use letters and digits that cannot be confused when read aloud or written by hand.
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"
CODE_LENGTH = 6

# How long identifying data are kept after a household's last exit, unless the programme sets
# its own period: the evaluation needs the +24-month follow-up, and Czech archiving practice for
# social-service records is up to 5 years after the service ended. ``anonymise_households``
# applies it.
DEFAULT_RETENTION_YEARS = 5


def new_household_code() -> str:
    """A random code with no relation to names or birth numbers (about 2^27 possibilities)."""
    return "D-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


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

    class Meta:
        ordering = ["municipality", "district", "address"]
        verbose_name = _("flat")
        verbose_name_plural = _("flats")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "address"], name="flat_unique_address"),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.layout})"


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
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
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
    def municipality(self) -> Municipality:
        return self.household.municipality


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

    EVICTION_REASONS = frozenset({Reason.NON_PAYMENT, Reason.BREACH})

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="exit")
    exit_date = models.DateField(_("exit date"))
    completion = models.CharField(_("completion"), max_length=12, choices=Completion.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
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

    class Meta:
        ordering = ["exit", "months"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["exit", "months"], name="followup_unique_months")]

    def __str__(self) -> str:
        return f"+{self.months} {self.exit_id}"


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


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    import calendar

    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
