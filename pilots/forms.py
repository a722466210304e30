from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concepts.models import Section, SectionKind
from portal.concurrency import VersionedFormMixin
from portal.form_fields import DateField, IntegerField, ModelMultipleChoiceField, formfield
from portal.forms import DateInput
from portal.models import Organisation
from portal.roles import Role
from portal.selectors import people_in

from .models import (
    FIDELITY_SCALE_MAX,
    KIND_LEVEL,
    Domain,
    EvaluationReport,
    Exit,
    FidelityItem,
    Flat,
    FollowUp,
    Household,
    HouseholdIdentity,
    Placement,
    Programme,
    Referral,
    StandardLease,
    SupportContact,
    SupportGoal,
)

DATE = DateInput()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class PeopleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ProgrammeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Programme
        fields = [
            "name", "kind", "measure", "description", "capacity_flats", "target_households", "cohort_count",
            "cohort_size", "support_months", "max_stay_months", "start_date", "end_date", "coordinator",
            "social_workers", "methodologist", "retention_years", "min_contacts_per_month",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"coordinator": PersonChoiceField, "methodologist": PersonChoiceField, "social_workers": PeopleChoiceField}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["measure"].queryset = Section.objects.filter(concept__municipality=municipality, kind=SectionKind.MEASURE)
        self.fields["coordinator"].queryset = people_in(municipality, Role.COORDINATOR, Role.GESTOR)
        self.fields["methodologist"].queryset = people_in(municipality, Role.WRITER, Role.GESTOR)
        self.fields["social_workers"].queryset = people_in(municipality, Role.SOCIAL_WORKER)
        self.fields["social_workers"].widget = forms.CheckboxSelectMultiple()
        self.fields["social_workers"].widget.choices = self.fields["social_workers"].choices


class FlatForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Flat
        fields = [
            "programme", "address", "district", "size_m2", "layout", "floor", "has_lift", "barrier_free", "equipment",
            "energy_class", "owner", "owner_name", "rent", "in_excluded_locality", "status", "available_from", "available_to",
        ]
        widgets = {"available_from": DATE, "available_to": DATE}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["programme"].queryset = Programme.objects.filter(municipality=municipality)


class HouseholdForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Household
        fields = [
            "size", "adults", "children", "composition", "ethos", "prior_living", "income_source", "has_debt",
            "debt_band", "referral_source",
        ]


class HouseholdEditForm(VersionedFormMixin, HouseholdForm):
    """The edit form of a household record: several workers edit it, so it carries the version
    the worker loaded (portal/concurrency.py)."""


class IdentityForm(VersionedFormMixin, forms.ModelForm):
    """Who the household is. Several workers may enter it: 0 when there was no identity yet."""

    version_when_new = 0

    class Meta:
        formfield_callback = formfield
        model = HouseholdIdentity
        fields = ["name", "birth_year", "phone", "email", "contact_note"]


class NewIdentityForm(IdentityForm):
    """The identity of a household being created: there is nothing to compare with."""

    version_when_new = None


class ReferralForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Referral
        fields = ["programme", "referred_on", "referrer", "referrer_name", "intensity", "planned_hours"]
        widgets = {"referred_on": DATE}

    def __init__(self, *args, municipality, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["referrer"].queryset = Organisation.objects.filter(municipality=municipality)
        self.fields["referred_on"].initial = timezone.localdate()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("referral", "decision"), choices=[c for c in Referral.Decision.choices if c[0] != Referral.Decision.PENDING],
        widget=forms.RadioSelect,
    )
    decided_on = DateField(label=_("decided on"), widget=DATE, initial=timezone.localdate)
    cohort = IntegerField(label=_("cohort"), min_value=1, max_value=32767, required=False, help_text=_("Empty: the first cohort with room."))
    waiting_position = IntegerField(
        label=_("position on the waiting list"), min_value=1, required=False, help_text=_("Empty: at the end of the list.")
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class FlatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if getattr(obj, "taken", obj.is_occupied):
            return _("%(flat)s — occupied") % {"flat": obj}
        return str(obj)


class PlacementForm(forms.Form):
    flat = FlatChoiceField(label=_("flat"), queryset=Flat.objects.none(), help_text=_("Free flats first; occupied ones are marked."))
    move_in = DateField(label=_("move-in date"), widget=DATE)
    contract = forms.ChoiceField(label=_("contract type"), choices=Placement.Contract.choices)

    def __init__(self, *args, programme: Programme, **kwargs):
        from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        active = Placement.objects.filter(flat=OuterRef("pk")).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        flats = (
            Flat.objects.filter(municipality=programme.municipality, programme=programme)
            .exclude(status__in=[Flat.Status.WITHDRAWN, Flat.Status.REPAIR])
            .annotate(taken=Exists(active))
            .annotate(rank=Case(When(taken=True, then=Value(1)), default=Value(0), output_field=IntegerField()))
            .order_by("rank", "district", "address")
        )
        self.fields["flat"].queryset = flats
        self.fields["contract"].initial = programme.default_contract


class PlacementUpdateForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Placement
        fields = ["contract", "lease_transferred_on", "monthly_rent"]
        widgets = {"lease_transferred_on": DATE}


class RentForm(VersionedFormMixin, forms.Form):
    """One month of the rent ledger: 0 when the person saw no charge for it, so that a month
    someone else entered meanwhile is not silently overwritten."""

    version_when_new = 0
    month = DateField(label=_("month"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    due = forms.DecimalField(label=_("due (CZK)"), min_value=0, max_digits=9, decimal_places=2)
    paid = forms.DecimalField(label=_("paid (CZK)"), min_value=0, max_digits=9, decimal_places=2)


class ExitForm(forms.Form):
    """An exit for any reason but a move up (that is recorded with "Move up")."""

    exit_date = DateField(label=_("exit date"), widget=DATE)
    completion = forms.ChoiceField(label=_("completion"), choices=Exit.Completion.choices)
    reason = forms.ChoiceField(label=_("reason"), choices=[c for c in Exit.Reason.choices if c[0] != Exit.Reason.MOVED_UP])
    place = forms.ChoiceField(label=_("where the household went"), choices=[("", "---------"), *Exit.Place.choices],
                              help_text=_("A permanent destination needs the lease record below."))
    lease_signed_on = DateField(label=_("lease from"), widget=DATE, required=False,
                                      help_text=_("Only for a permanent destination."))
    landlord = forms.ChoiceField(label=_("landlord"), choices=[("", "---------"), *StandardLease.Landlord.choices], required=False,
                                 help_text=_("Only for a permanent destination."))
    fixed_term = forms.BooleanField(label=_("fixed-term lease"), required=False)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TransitionForm(forms.Form):
    to_programme = forms.ModelChoiceField(
        label=_("next programme"), queryset=Programme.objects.none(), required=False,
        empty_label=_("standard housing (leaves the pilots)"),
    )
    on = DateField(label=_("date of the move"), widget=DATE)
    intensity = forms.ChoiceField(label=_("support intensity"), choices=Referral.Intensity.choices, initial=Referral.Intensity.LOW)
    planned_hours = forms.DecimalField(label=_("planned support hours per month"), min_value=0, max_digits=5,
                                       decimal_places=1, initial=4)
    lease_signed_on = DateField(
        label=_("standard lease from"), widget=DATE, required=False,
        help_text=_("Only for a move to standard housing."),
    )
    landlord = forms.ChoiceField(
        label=_("landlord"), choices=[("", "---------"), *StandardLease.Landlord.choices], required=False,
        help_text=_("Only for a move to standard housing."),
    )
    fixed_term = forms.BooleanField(label=_("fixed-term lease"), required=False)

    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        higher = [k for k, level in KIND_LEVEL.items() if level > placement.programme.level]
        self.fields["to_programme"].queryset = Programme.objects.filter(
            municipality=placement.programme.municipality, kind__in=higher
        )


class GoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = SupportGoal
        fields = ["domain", "description", "status", "review_on"]
        widgets = {"review_on": DATE}


class ReviewForm(forms.Form):
    done_on = DateField(label=_("review done on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # The review shown as due when the page was loaded (0: none): a second session recording at
    # the same moment is refused (services.plan_review_record).
    seen_due = IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class FollowUpForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = FollowUp
        fields = ["done_on", "status", "note"]
        widgets = {"done_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["status"].required = True


class HouseholdCodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.code


class QuickContactForm(forms.Form):
    """Few fields and big targets: a social worker types this on a phone after a home visit."""

    MINUTES = [(15, "15"), (30, "30"), (45, "45"), (60, "60"), (90, "90"), (120, "120")]

    household = HouseholdCodeChoiceField(label=_("household"), queryset=Household.objects.none())
    date = DateField(label=_("date"), widget=DATE, initial=timezone.localdate)
    minutes = forms.TypedChoiceField(label=_("duration (minutes)"), choices=MINUTES, coerce=int, widget=forms.RadioSelect, initial=60)
    mode = forms.ChoiceField(label=_("mode"), choices=SupportContact.Mode.choices, widget=forms.RadioSelect,
                             initial=SupportContact.Mode.HOME_VISIT)
    domains = forms.MultipleChoiceField(label=_("domains"), choices=Domain.choices, widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label=_("note (no names)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households


class EvaluationForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = EvaluationReport
        fields = ["title", "as_of", "summary", "method", "findings", "recommendations"]
        widgets = {
            "as_of": DATE,
            **{f: forms.Textarea(attrs={"rows": 6}) for f in ("summary", "method", "findings", "recommendations")},
        }


class EvaluationEditForm(VersionedFormMixin, EvaluationForm):
    """The narrative of a draft report, with the version the methodologist loaded."""


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("format"), choices=[("json", "JSON"), ("xlsx", "XLSX")], widget=forms.RadioSelect, initial="json")


class FidelityItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = FidelityItem
        fields = ["position", "text", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class FidelityAssessmentForm(forms.Form):
    """One score per active item, on the stated scale."""

    assessed_on = DateField(label=_("assessed on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        choices = [(n, str(n)) for n in range(FIDELITY_SCALE_MAX + 1)]
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text, choices=choices, coerce=int, widget=forms.RadioSelect,
            )

    def scores(self) -> dict:
        return {item: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class HouseholdPickForm(forms.Form):
    """``?household=<id>``: the contact form opened from a household's page."""

    household = IntegerField(required=False, min_value=1)
