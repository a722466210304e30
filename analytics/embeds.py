"""Charts of cited datasets embedded in concept chapters: the same chart on the chapter's page,
in the concept PDF and in the Word export."""

from __future__ import annotations

from collections import defaultdict

from .charts import Chart
from .datasets.charts import citation_chart
from .models import DatasetCitation


def charts_by_uid(concept_id: int) -> dict:
    """{section uid: [Chart]} for the concept's sections that cite a dataset version (two queries)."""
    out: dict = defaultdict(list)
    citations = DatasetCitation.objects.filter(section__concept_id=concept_id).select_related(
        "section", "version__dataset").order_by("pk")
    for citation in citations:
        out[citation.section.uid].append(citation_chart(citation))
    return out


def section_charts(section) -> list[Chart]:
    return [citation_chart(c) for c in DatasetCitation.objects.filter(section=section).select_related(
        "version__dataset").order_by("pk")]
