"""Reads of the concept document: the section tree in reading order, frozen versions, roll-ups.

Every function here runs a fixed number of queries, whatever the number of sections.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from portal import registry

from .models import (
    Concept,
    Finding,
    MeasureStatus,
    Section,
    SectionKind,
    SectionKindMixin,
    Version,
    VersionSection,
)


def sections_qs(concept: Concept) -> QuerySet[Section]:
    """The concept's sections with everything the outline, the measures table and a freeze show."""
    return (
        Section.objects.filter(concept=concept)
        .select_related("concept__municipality", "responsible_organisation", "drafting_group", "updated_by")
        .prefetch_related(
            Prefetch("indicators", queryset=registry.provider("measure_indicators").measure_indicators()),
            Prefetch("findings", queryset=Finding.objects.select_related("chapter").order_by("pk")),
        )
    )


def in_reading_order(sections) -> list[Section]:
    """Depth-first order (a priority, its first goal, that goal's measures, the next goal …).
    Sets ``depth`` on each section."""
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section)
    for siblings in children.values():
        siblings.sort(key=lambda s: (s.position, s.pk))
    ordered: list[Section] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for section in children.get(parent_id, []):
            section.depth = depth
            ordered.append(section)
            walk(section.pk, depth + 1)

    walk(None, 0)
    return ordered


def section_tree(concept: Concept) -> list[Section]:
    """All sections of the draft in reading order, with measure details prefetched (3 queries)."""
    return in_reading_order(sections_qs(concept))


@dataclass(slots=True)
class OutlineRow(SectionKindMixin):
    """What one line of the outline shows of a section: no body, no measure details. Has the
    attributes :func:`in_reading_order` and the roll-ups read, like a :class:`Section`."""

    pk: int
    parent_id: int | None
    position: int
    uid: uuid.UUID
    kind: str
    number: str
    title: str
    drafting_group: str | None  # the group's name
    findings: int  # how many analytical findings the section is linked to
    status: str
    progress: int
    depth: int = 0


def outline_tree(concept: Concept) -> list[OutlineRow]:
    """The outline of the draft in reading order: one query, with the number of findings of each
    section counted in the database instead of prefetched."""
    rows = (
        Section.objects.filter(concept=concept).annotate(n_findings=Count("findings"))
        .values_list("pk", "parent_id", "position", "uid", "kind", "number", "title", "drafting_group__name",
                     "n_findings", "status", "progress")
    )
    return in_reading_order([OutlineRow(*row) for row in rows])


def outline_evidence(rows: list[OutlineRow]) -> tuple[int, int]:
    """(measures linked to at least one finding, all measures) of an outline, as
    ``concepts.stats.evidence_share`` counts them, without a query."""
    measures = [row for row in rows if row.is_measure]
    return sum(1 for row in measures if row.findings), len(measures)


def version_sections(version: Version) -> list[VersionSection]:
    """The sections of a frozen version in reading order (one query)."""
    return list(VersionSection.objects.filter(version=version).order_by("order"))


def concept_versions(concept: Concept) -> QuerySet[Version]:
    return (
        Version.objects.filter(concept=concept)
        .select_related("frozen_by", "approval_meeting", "concept__municipality").order_by("-number")
    )


@dataclass
class Rollup:
    """Progress of a goal or priority computed from its measures (cancelled ones left out)."""

    measures: int = 0
    counted: int = 0
    progress_sum: int = 0
    done: int = 0
    delayed: int = 0

    @property
    def progress(self) -> int | None:
        return round(self.progress_sum / self.counted) if self.counted else None


def progress_rollup(sections: list[Section]) -> dict[int, Rollup]:
    """Roll measures' progress up to their goals and priorities: the mean progress of the measures
    below, leaving out cancelled ones. Works on an already loaded tree, no queries."""
    by_pk = {s.pk: s for s in sections}
    rollups: dict[int, Rollup] = defaultdict(Rollup)
    for measure in sections:
        if measure.kind != SectionKind.MEASURE:
            continue
        ancestor = by_pk.get(measure.parent_id)
        while ancestor is not None:
            rollup = rollups[ancestor.pk]
            rollup.measures += 1
            if measure.status != MeasureStatus.CANCELLED:
                rollup.counted += 1
                rollup.progress_sum += measure.progress
            rollup.done += measure.status == MeasureStatus.DONE
            rollup.delayed += measure.status == MeasureStatus.DELAYED
            ancestor = by_pk.get(ancestor.parent_id)
    return dict(rollups)


def concept_rollup(sections: list[Section]) -> Rollup:
    """The whole concept's implementation progress."""
    total = Rollup()
    for measure in sections:
        if measure.kind == SectionKind.MEASURE:
            total.measures += 1
            if measure.status != MeasureStatus.CANCELLED:
                total.counted += 1
                total.progress_sum += measure.progress
            total.done += measure.status == MeasureStatus.DONE
            total.delayed += measure.status == MeasureStatus.DELAYED
    return total
