from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render

from portal.access import municipality_view
from portal.lists import list_page

from ..access import concept_for
from ..forms import MeasureFilter
from ..models import Section, SectionKind
from ..selectors import concept_rollup, in_reading_order, progress_rollup

VIEW = "concepts.view_concept"


@municipality_view(VIEW, hide=True)
def measure_list(request, municipality, pk):
    """The implementation overview: every measure with its responsible actor, funding, status and
    progress, filterable and paginated; goals and priorities show the rolled-up progress."""
    concept = concept_for(municipality, pk)
    measures = (
        Section.objects.filter(concept=concept, kind=SectionKind.MEASURE)
        .select_related("concept__municipality", "responsible_organisation", "parent__parent")
        .annotate(n_findings=Count("findings", distinct=True), n_notes=Count("progress_notes", distinct=True))
        .order_by("parent__parent__position", "parent__position", "position")
    )
    filterset, page = list_page(request, MeasureFilter, measures, per_page=25, concept=concept)
    tree = in_reading_order(
        Section.objects.filter(concept=concept).only("pk", "parent_id", "kind", "position", "number", "title",
                                                     "status", "progress")
    )
    rollup = progress_rollup(tree)
    return render(request, "concepts/measure_list.html", {
        "municipality": municipality, "concept": concept, "filter": filterset, "page": page,
        "priorities": [(s, rollup.get(s.pk)) for s in tree if s.kind in (SectionKind.PRIORITY, SectionKind.GOAL)],
        "total": concept_rollup(tree),
    })
