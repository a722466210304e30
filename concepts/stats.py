"""Key figures of a concept that other apps read (analytics, the municipality overview)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef

from .models import Concept, Section, SectionKind


def evidence_share(concept: Concept) -> tuple[int, int]:
    """(measures linked to at least one analytical finding, all measures) of the living draft.

    This is the agency's "planning documents reference analytical findings" target. One query.
    """
    linked_finding = Section.findings.through.objects.filter(section_id=OuterRef("pk"))
    counts = Section.objects.filter(concept=concept, kind=SectionKind.MEASURE).aggregate(
        total=Count("pk"), linked=Count("pk", filter=Exists(linked_finding))
    )
    return counts["linked"], counts["total"]


def share_percent(linked: int, total: int) -> int | None:
    return round(100 * linked / total) if total else None
