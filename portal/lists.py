"""The one way a list page reads its query string: a django-filter FilterSet filters and sorts, a
paginator pages. Views read no ``request.GET`` by hand.

Junk in the query string (``?page=-1&sort=zzz&status=<script>``) never fails the page: an invalid
filter value is dropped by the FilterSet's form (the list shows unfiltered, the form shows the
error), an unknown sort falls back to the list's default order, and ``get_page`` turns any page
number into a page that exists.

Query parameters that are not a list's (which chapter a new finding starts in, the quote a
comment form starts with) are read through a :class:`QueryForm`: a small form bound to the query
string whose ``values`` the view reads; a value that is not valid becomes the field's default.
"""

from __future__ import annotations

from collections.abc import Sequence

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .form_fields import DateField, DateTimeField


class DateFilter(django_filters.DateFilter):
    field_class = DateField


class DateTimeFilter(django_filters.DateTimeFilter):
    field_class = DateTimeField


class ListFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet. ``defaults`` apply when the parameter is absent (not when
    it is empty: an empty choice means "all"); ``default_ordering`` when no valid sort is asked and
    the queryset has no order of its own (none given: the model's ``Meta.ordering``, then pk)."""

    defaults: dict[str, str] = {}
    default_ordering: tuple[str, ...] = ()
    FILTER_DEFAULTS = {**django_filters.FilterSet.FILTER_DEFAULTS,
                       models.DateField: {"filter_class": DateFilter},
                       models.DateTimeField: {"filter_class": DateTimeFilter}}

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None:
            for key, value in self.defaults.items():
                data.setdefault(key, value)
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        ordering = ([*queryset.query.order_by] or [*self.default_ordering]
                    or [*queryset.model._meta.ordering])
        return queryset.order_by(*ordering, "pk")

    @cached_property
    def current(self) -> dict:
        """The valid value of each filter, '' when none, for the template to mark what is selected
        (``filters.current.kind``); junk never reaches the page."""
        self.form.is_valid()
        values = {}
        for name in self.filters:
            value = self.form.cleaned_data.get(name)
            if isinstance(value, list):  # OrderingFilter
                value = value[0] if value else ""
            values[name] = "" if value is None else value
        return values


def paginate(request, items: QuerySet | Sequence, per_page: int) -> Page:
    """The page of ``items`` (a queryset or a list) the query string asks for; a page number that
    is junk or out of range gives the nearest page that exists."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def list_page(request, filterset_class: type[ListFilterSet], queryset: QuerySet, *, per_page: int = 25,
              **filterset_kwargs) -> tuple[ListFilterSet, Page]:
    """Filter, sort and paginate ``queryset`` by the request's query string."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request, **filterset_kwargs)
    return filterset, paginate(request, filterset.qs, per_page)


class QueryForm(forms.Form):
    """The non-list query parameters of a view, as a form bound to the query string.

    ``values`` holds every field's cleaned value; a field that is absent or not valid holds its
    ``initial`` (the default), so junk in the query string never fails the page. Build it with
    :meth:`of`: ``QuoteQuery.of(request).values["quote"]``."""

    @classmethod
    def of(cls, request, **kwargs) -> QueryForm:
        return cls(request.GET, **kwargs)

    @cached_property
    def values(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {}
        for name, field in self.fields.items():
            value = cleaned.get(name) if name not in self.errors else None
            values[name] = field.initial if value in (None, "") else value
        return values
