"""Forms and filters of the dataset pages."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.form_fields import DateField
from portal.forms import DateInput
from portal.lists import ListFilterSet

from ..models import DataRow, Dataset, Layout
from .reader import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"), help_text=_("At most 20 MB and 1 000 000 rows."))
    title = forms.CharField(label=_("Title"), max_length=255)
    source = forms.CharField(label=_("Source"), max_length=255, help_text=_("Who publishes the data, e.g. ČSÚ."))
    reference_date = DateField(label=_("Reference date"), widget=DateInput())
    layout = forms.ChoiceField(label=_("Layout"), choices=Layout.choices)
    sheet = forms.CharField(label=_("Sheet of a workbook"), max_length=100, required=False,
                            help_text=_("Empty: the first sheet. The preview lets you choose another."))
    period_column = forms.CharField(label=_("Period column"), max_length=100, required=False,
                                    help_text=_("Only for declared columns."))
    value_columns = forms.CharField(label=_("Value columns"), max_length=500, required=False,
                                    help_text=_("Only for declared columns; separate them with commas."))
    territory_code_column = forms.CharField(label=_("Territory code column"), max_length=100, required=False)
    territory_name_column = forms.CharField(label=_("Territory name column"), max_length=100, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            from .reader import too_large_message

            raise forms.ValidationError(too_large_message(upload.size))
        return upload

    def options(self) -> dict:
        keys = ("sheet", "period_column", "value_columns", "territory_code_column", "territory_name_column")
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data.get(k)}


class ConfirmForm(forms.Form):
    skip_problem_rows = forms.BooleanField(label=_("Leave out the rows with problems"), required=False)


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(label=_("Sheet"), choices=())

    def __init__(self, *args, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(s, s) for s in sheets]


class DatasetFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    layout = django_filters.ChoiceFilter(label=_("Layout"), choices=Layout.choices)
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("title", "title"), ("created_at", "created")),
        field_labels={"title": _("title"), "created_at": _("created")},
    )

    class Meta:
        model = Dataset
        fields = ["q", "layout"]


class RowFilter(ListFilterSet):
    measure = django_filters.ChoiceFilter(label=_("Value column"), choices=())
    territory_code = django_filters.CharFilter(label=_("Territory code"))
    period = django_filters.CharFilter(label=_("Period"))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), fields=(("line", "line"), ("period", "period"), ("value", "value")),
        field_labels={"line": _("line"), "period": _("period"), "value": _("value")},
    )

    class Meta:
        model = DataRow
        fields = ["measure", "territory_code", "period"]

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["measure"].extra["choices"] = [(m, m) for m in measures]
