"""The FilterSets of the concepts' lists (portal/lists.py: the one way a list filters, sorts and pages)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.lists import ListFilterSet
from portal.phases import Phase

from .models import Concept, Finding, Section, SectionKind, Version


class ConceptFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices)
    sort = django_filters.OrderingFilter(fields=(("title", "title"), ("valid_from", "valid_from"), ("pk", "created")))
    default_ordering = ("-pk",)

    class Meta:
        model = Concept
        fields = ["q", "phase"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(title__icontains=value) if value else queryset


class VersionFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    sort = django_filters.OrderingFilter(fields=(("number", "number"), ("frozen_at", "frozen_at")))
    default_ordering = ("-number",)

    class Meta:
        model = Version
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(label__icontains=value) | Q(change_summary__icontains=value)) if value else queryset


class FindingFilter(ListFilterSet):
    """The findings of a concept: by chapter and source, in chapter order, by source, by the
    number of linked measures or newest first."""

    chapter = django_filters.ModelChoiceFilter(label=_("Chapter"), queryset=Section.objects.none())
    source = django_filters.ChoiceFilter(label=_("Source"), field_name="source_kind", choices=Finding.Source.choices)
    sort = django_filters.OrderingFilter(fields=(("chapter__position", "chapter"), ("source_kind", "source"),
                                                 ("n_measures", "measures"), ("created_at", "created")))
    default_ordering = ("chapter__position",)

    class Meta:
        model = Finding
        fields = ["chapter", "source"]

    def __init__(self, *args, concept: Concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["chapter"].queryset = Section.objects.filter(concept=concept, kind=SectionKind.CHAPTER)
