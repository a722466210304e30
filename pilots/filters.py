"""The filters and ordering of every pilots list page (django-filter).

Views hand the query string to a FilterSet through ``portal.lists`` (``list_page``, ``paginate``)
and read nothing from ``request.GET`` themselves; a junk parameter
(``?programme=abc&page=-1&sort=zzz``) is a form error shown next to its field, or ignored, and the
page answers 200."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.form_fields import DateField
from portal.lists import ListFilterSet

from .models import EvaluationReport, Flat, Household, Programme, ProgrammeKind


class _Select(forms.Select):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs={"class": "form-select"}, **kwargs)


class HouseholdFilter(ListFilterSet):
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=Programme.objects.none(), widget=_Select)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Household.Stage.choices, widget=_Select)
    q = django_filters.CharFilter(label=_("Code"), field_name="code", lookup_expr="icontains",
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), widget=_Select,
        fields=(("code", "code"), ("stage", "stage"), ("programme__name", "programme"), ("size", "size"), ("created_at", "created")),
        field_labels={"code": _("code"), "stage": _("stage"), "programme__name": _("programme"), "size": _("size"),
                      "created_at": _("created")},
    )

    class Meta:
        model = Household
        fields = ["programme", "stage", "q"]

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["programme"].queryset = programmes


class ProgrammeFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProgrammeKind.choices, widget=_Select)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), widget=_Select, fields=(("start_date", "start"), ("name", "name"), ("kind", "kind")),
        field_labels={"start_date": _("start"), "name": _("name"), "kind": _("kind")},
    )

    class Meta:
        model = Programme
        fields = ["kind"]


class FlatFilter(ListFilterSet):
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=Programme.objects.none(), widget=_Select)
    district = django_filters.ChoiceFilter(label=_("City district"), choices=[], widget=_Select)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Flat.Status.choices, widget=_Select)
    owner = django_filters.ChoiceFilter(label=_("Owner"), choices=Flat.Owner.choices, widget=_Select)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), widget=_Select,
        fields=(("district", "district"), ("address", "address"), ("size_m2", "size"), ("rent", "rent"), ("status", "status")),
        field_labels={"district": _("city district"), "address": _("address"), "size_m2": _("size"), "rent": _("rent"),
                      "status": _("status")},
    )

    class Meta:
        model = Flat
        fields = ["programme", "district", "status", "owner"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["programme"].queryset = Programme.objects.filter(municipality=municipality)
        districts = Flat.objects.filter(municipality=municipality).values_list("district", flat=True).distinct().order_by("district")
        self.filters["district"].extra["choices"] = [(d, d) for d in districts]


class EvaluationFilter(ListFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EvaluationReport.Status.choices, widget=_Select)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), widget=_Select, fields=(("as_of", "as_of"), ("title", "title")),
        field_labels={"as_of": pgettext_lazy("evaluation", "figures as of"), "title": _("title")},
    )
    default_ordering = ("-as_of",)

    class Meta:
        model = EvaluationReport
        fields = ["status"]


class AsOfForm(forms.Form):
    """The reference date of the figures. Readers outside the municipality pick a month: the
    figures are then as of its last day (``pilots.access.as_of_for``)."""

    as_of = DateField(label=_("As of"), required=False, input_formats=["%Y-%m-%d", "%Y-%m"])

    def __init__(self, *args, months_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.months_only = months_only
        attrs = {"class": "form-control", "type": "month" if months_only else "date"}
        self.fields["as_of"].widget = forms.DateInput(attrs=attrs, format="%Y-%m" if months_only else "%Y-%m-%d")
        if months_only:
            self.fields["as_of"].help_text = _("Readers outside the municipality see figures as of completed month ends only.")

    def requested(self):
        """The date asked for; for a month, its last day."""
        if not (self.is_bound and self.is_valid()) or self.cleaned_data["as_of"] is None:
            return None
        day = self.cleaned_data["as_of"]
        if self.months_only:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return day
