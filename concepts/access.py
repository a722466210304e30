"""Fetching a municipality's concept objects for a view: always through the municipality, so a
URL with another municipality's id answers 404, the same as one that does not exist.

Partners never reach these helpers: the concept views are decorated with
``municipality_view("concepts.view_concept", hide=True)``, and a partner reads a version only
through a comment round (``concepts.rounds.access``).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from portal.models import Municipality

from .models import Concept, Finding, Section, Version


def concept_for(municipality: Municipality, pk: int) -> Concept:
    """The municipality's concept ``pk`` (its municipality is the one given, not read again)."""
    concept = get_object_or_404(Concept.objects.select_related("gestor", "writer"), municipality=municipality, pk=pk)
    concept.municipality = municipality
    return concept


def section_for(concept: Concept, pk: int) -> Section:
    return get_object_or_404(
        Section.objects.select_related("concept__municipality", "parent", "drafting_group", "updated_by",
                                       "responsible_organisation"),
        concept=concept,
        pk=pk,
    )


def version_for(concept: Concept, number: int) -> Version:
    return get_object_or_404(
        Version.objects.select_related("concept__municipality", "frozen_by", "approval_meeting"),
        concept=concept,
        number=number,
    )


def concept_version_for(municipality: Municipality, pk: int, number: int) -> Version:
    """A version of the municipality's concept ``pk`` with its concept, in one query (404 for a
    concept of another municipality as for a version that does not exist)."""
    version = get_object_or_404(
        Version.objects.select_related("concept", "frozen_by", "approval_meeting"),
        concept__municipality=municipality, concept_id=pk, number=number,
    )
    version.concept.municipality = municipality
    return version


def finding_for(concept: Concept, pk: int) -> Finding:
    return get_object_or_404(Finding.objects.select_related("chapter"), concept=concept, pk=pk)


def indicator_for(section: Section, pk: int):
    """One of the measure's output indicators (analytics.Indicator, reached by its reverse relation)."""
    return get_object_or_404(section.indicators.all(), pk=pk)
