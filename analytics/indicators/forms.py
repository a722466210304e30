"""Forms and list filters of the indicator pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.form_fields import DateField, IntegerField, ModelMultipleChoiceField
from portal.forms import DateInput
from portal.lists import ListFilterSet
from portal.models import Municipality

from ..models import (
    IndicatorValue,
    MunicipalityIndicator,
    Periodicity,
    Source,
    Status,
    TargetKind,
    ValidationFlag,
    ValueState,
)

STATUS_FILTER_CHOICES = [*Status.choices, ("none", _("no status"))]


class PlanFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    source = django_filters.ChoiceFilter(label=_("Source"), field_name="indicator__source", choices=Source.choices)
    periodicity = django_filters.ChoiceFilter(
        label=_("Periodicity"), field_name="indicator__periodicity", choices=Periodicity.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_FILTER_CHOICES, method="filter_status")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("indicator__code", "code"), ("indicator__name", "name")),
        field_labels={"indicator__code": _("code"), "indicator__name": _("name")},
    )

    class Meta:
        model = MunicipalityIndicator
        fields = ["q", "source", "periodicity"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(indicator__name__icontains=value) | Q(indicator__code__icontains=value))

    def filter_status(self, queryset, name, value):
        # The status is computed from the values: the view keeps the matching summaries.
        return queryset

    def keep(self, summaries):
        wanted = self.form.cleaned_data.get("status") if self.is_bound and self.form.is_valid() else ""
        if not wanted:
            return summaries
        if wanted == "none":
            return [s for s in summaries if not s.status.status]
        return [s for s in summaries if s.status.status == wanted]


class MunicipalityFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Municipality"), field_name="name", lookup_expr="icontains")
    region = django_filters.CharFilter(label=_("Region"), field_name="region", lookup_expr="icontains")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("name", "name"), ("region", "region")),
        field_labels={"name": _("name"), "region": _("region")},
    )

    class Meta:
        model = Municipality
        fields = ["q", "region"]


class ApprovalFilter(ListFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), field_name="plan__municipality", queryset=Municipality.objects.none()
    )
    flagged = django_filters.BooleanFilter(label=_("With an open flag"), method="filter_flagged")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("submitted_at", "submitted"), ("plan__indicator__code", "code"), ("period_start", "period")),
        field_labels={"submitted_at": _("submitted"), "plan__indicator__code": _("code"),
                      "period_start": _("period")},
    )

    class Meta:
        model = IndicatorValue
        fields = ["municipality"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].queryset = municipalities

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_flags__gt=0) if value else queryset.filter(open_flags=0)


class FlagFilter(ListFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), field_name="value__plan__municipality", queryset=Municipality.objects.none()
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=ValidationFlag.State.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ValidationFlag.Kind.choices)
    follow_up = django_filters.BooleanFilter(label=_("Flagged for follow-up"))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("value__plan__indicator__code", "code"), ("state", "state")),
        field_labels={"created_at": _("created"), "value__plan__indicator__code": _("code"), "state": _("state")},
    )

    class Meta:
        model = ValidationFlag
        fields = ["municipality", "state", "kind", "follow_up"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].queryset = municipalities


class EntryPeriodForm(forms.Form):
    periodicity = forms.ChoiceField(label=_("Periodicity"), choices=Periodicity.choices, required=False)
    year = IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class ValueForm(VersionedFormMixin, forms.Form):
    """One value edited on its own page (the grid posts many cells at once)."""

    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=4, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(
        label=_("Comment on a flagged value"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the value is outside the valid range or far from the history."),
    )
    follow_up = forms.BooleanField(label=_("Flag for follow-up"), required=False)

    def theirs(self, current) -> dict:
        """The saved value as the person would have typed it (130, not 130.0000 nor 1.3E+2), for the conflict page."""
        return {"value": "" if current.value is None else f"{current.value.normalize():f}", "note": current.note}


class FlagCommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.BooleanField(label=_("Flag for follow-up"), required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}))


class BulkApproveForm(forms.Form):
    values = ModelMultipleChoiceField(
        label=_("Periods"), queryset=IndicatorValue.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["values"].queryset = queryset.filter(state=ValueState.SUBMITTED)


class OverrideForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("as the rule gives it")), *Status.choices]
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def theirs(self, plan) -> dict:
        """The status someone else set meanwhile, for the conflict page."""
        return {"status": dict(self.fields["status"].choices).get(plan.status_override, ""), "reason": plan.override_reason}


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=4)
    on = DateField(label=_("Date"), widget=DateInput())
    agency = forms.BooleanField(label=_("The agency's own target"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
