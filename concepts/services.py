"""Every change to a concept goes through one function here.

Locking contracts:
- The section tree (positions, numbers) is changed with the concept row locked
  (``select_for_update``), so two moves cannot interleave and leave duplicate numbers.
- Text of a section is saved with an optimistic lock: a conditional UPDATE on ``edit_version``.
  Zero rows updated means someone else saved first: :class:`EditConflict` carries their text.
- A version is frozen with the concept row locked, so two freezes get v(n) and v(n+1).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import registry
from portal.aggregates import changes_aggregates
from portal.concurrency import update_if_unchanged
from portal.models import Municipality, Organisation

from .models import (
    ALLOWED_PARENT,
    APPROVED_PHASES,
    Concept,
    Finding,
    MeasureStatus,
    Phase,
    ProgressNote,
    Section,
    SectionKind,
    SectionRevision,
    Version,
    VersionSection,
)
from .selectors import in_reading_order, sections_qs

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The nine chapters of the Ostrava background analysis (DESIGN §2 point 3, seed 002).
OSTRAVA_CHAPTERS = [
    ("Úvod, teoretický rámec a metodologie", "Účel analýzy, použitá data a metody (polostrukturované rozhovory, fokusní skupiny, statistická data)."),
    ("Sociodemografická a sociálně-prostorová analýza", "Počet obyvatel, vývoj a predikce, sociálně vyloučené lokality."),
    ("Popis bytového fondu", "Struktura bytového fondu, nepoužívané a prázdné byty, historie investic."),
    ("Správa městského bytového fondu", "Počet, stav a struktura obecních bytů, neplatičství."),
    ("Bydlení zajišťované NNO a soukromými subjekty", "Podmínky nájmu a podnájmu, počty a stav bytů."),
    ("Velikost a potřeby cílových skupin", "Odhad počtu osob v bytové nouzi (typologie ETHOS), bariéry v přístupu k bydlení, dynamika jevu."),
    ("Podpůrné procesy v oblasti sociálního bydlení", ""),
    ("Podpůrné procesy v oblasti dostupného bydlení", ""),
    ("Závěry a doporučení", ""),
]
VISION_TITLE = "Vize"

# Fields of a measure that the section editor saves together with its text.
MEASURE_FIELDS = (
    "responsible_organisation", "responsible_person", "partners", "starts_on", "ends_on", "cost_czk",
    "funding_sources",
)


# --- concept ---------------------------------------------------------------------------------


def _validate_concept(*, valid_from, valid_to, phase, resolution_number, resolution_date) -> None:
    errors = {}
    if valid_from and valid_to and valid_to < valid_from:
        errors["valid_to"] = _("The validity must end in or after the year it starts.")
    if phase in APPROVED_PHASES:
        if not resolution_number:
            errors["resolution_number"] = _("An approved concept needs the number of the council resolution.")
        if not resolution_date:
            errors["resolution_date"] = _("An approved concept needs the date of the council resolution.")
    if errors:
        raise ValidationError(errors)


@changes_aggregates
@transaction.atomic
def concept_create(
    *,
    municipality: Municipality,
    actor: User,
    title: str,
    valid_from: int | None = None,
    valid_to: int | None = None,
    vision: str = "",
    gestor=None,
    writer=None,
    from_template: bool = False,
) -> Concept:
    """Create a concept; with ``from_template`` it starts with the Ostrava structure: the nine
    analysis chapters, the vision and no priorities yet."""
    _validate_concept(valid_from=valid_from, valid_to=valid_to, phase=Phase.PREPARATION,
                      resolution_number="", resolution_date=None)
    concept = Concept.objects.create(
        municipality=municipality, title=title, valid_from=valid_from, valid_to=valid_to, vision=vision,
        gestor=gestor, writer=writer,
    )
    if from_template:
        sections = [
            Section(concept=concept, kind=SectionKind.CHAPTER, position=i, title=title_, body=hint)
            for i, (title_, hint) in enumerate(OSTRAVA_CHAPTERS)
        ]
        sections.append(
            Section(concept=concept, kind=SectionKind.VISION, position=len(sections), title=VISION_TITLE, body=vision)
        )
        Section.objects.bulk_create(sections)
        concept_renumber(concept=concept)
        SectionRevision.objects.bulk_create(
            [_revision(s, actor, SectionRevision.Action.CREATED) for s in sections_qs(concept)]
        )
    return concept


@changes_aggregates
@transaction.atomic
def concept_update(*, concept: Concept, actor: User, can_approve: bool = False, expected_version: int | None = None,
                   **fields) -> Concept:
    """Change the concept's own fields (title, validity, vision, owner, writer, phase, resolution).

    Only the owner (``can_approve``) records the approval: moving into an approved phase.
    """
    if fields.get("phase", concept.phase) in APPROVED_PHASES and concept.phase not in APPROVED_PHASES and not can_approve:
        raise ValidationError({"phase": _("Only the concept's owner records its approval by the council.")})
    merged = {name: fields.get(name, getattr(concept, name)) for name in
              ("valid_from", "valid_to", "phase", "resolution_number", "resolution_date")}
    _validate_concept(**merged)
    if expected_version is not None:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(Concept.objects, pk=concept.pk, expected_version=expected_version, fields={})
        concept.edit_version = expected_version + 1
    for name, value in fields.items():
        setattr(concept, name, value)
    concept._history_user = actor
    concept.save(update_fields=[*fields, "updated_at"])
    return concept


# --- section tree ----------------------------------------------------------------------------


@changes_aggregates
def concept_renumber(*, concept: Concept) -> int:
    """Recompute ``number`` and normalise ``position`` of every section of the concept, in two
    queries whatever the size of the tree. Returns how many sections changed.

    Analysis chapters are numbered 1, 2, … among themselves; priorities likewise, with goals
    (1.1) and measures (1.1.1) below them. The vision carries no number.
    """
    sections = list(Section.objects.filter(concept=concept).only("pk", "parent_id", "kind", "position", "number"))
    changed = []
    counters = {SectionKind.CHAPTER: 0, SectionKind.PRIORITY: 0}
    prefix: dict[int, str] = {}
    sibling_index: dict[int | None, int] = {}
    for section in in_reading_order(sections):
        index = sibling_index.get(section.parent_id, 0)
        sibling_index[section.parent_id] = index + 1
        if section.parent_id is None:
            if section.kind in counters:
                counters[section.kind] += 1
                number = str(counters[section.kind])
            else:
                number = ""
        else:
            number = f"{prefix[section.parent_id]}.{index + 1}"
        prefix[section.pk] = number
        if section.number != number or section.position != index:
            section.number, section.position = number, index
            changed.append(section)
    if changed:
        Section.objects.bulk_update(changed, ["number", "position"], batch_size=500)
    return len(changed)


def _check_parent(kind: str, parent: Section | None, concept: Concept) -> None:
    expected = ALLOWED_PARENT[kind]
    if parent is not None and parent.concept_id != concept.pk:
        raise ValidationError({"parent": _("The parent must be a section of the same concept.")})
    if expected is None and parent is not None:
        raise ValidationError({"parent": _("This kind of section stands at the top level.")})
    if expected is not None and (parent is None or parent.kind != expected):
        raise ValidationError(
            {"parent": _("A %(kind)s belongs under a %(parent)s.") % {
                "kind": SectionKind(kind).label, "parent": SectionKind(expected).label}}
        )


def _lock(concept: Concept) -> Concept:
    return Concept.objects.select_for_update().get(pk=concept.pk)


def section_data(section: Section) -> dict:
    """The structured fields of a section, as kept in revisions and frozen versions."""
    data: dict = {}
    if section.drafting_group_id:
        data["drafting_group"] = section.drafting_group.name
    if section.kind != SectionKind.MEASURE:
        return data
    org = section.responsible_organisation
    data.update(
        {
            "responsible_organisation": org.name if org else "",
            "responsible_person": section.responsible_person,
            "partners": section.partner_list,
            "starts_on": section.starts_on.isoformat() if section.starts_on else None,
            "ends_on": section.ends_on.isoformat() if section.ends_on else None,
            "cost_czk": section.cost_czk,
            "funding_sources": list(section.funding_sources or []),
            "funding_source_label": section.get_funding_sources_display(),
            "indicators": [
                {"name": i.name, "unit": i.unit, "target": str(i.target)} for i in section.indicators.all()
            ],
            "findings": [{"id": f.pk, "statement": f.statement} for f in section.findings.all()],
        }
    )
    return data


def _revision(section: Section, user, action: str) -> SectionRevision:
    return SectionRevision(
        concept_id=section.concept_id,
        section=section if action != SectionRevision.Action.DELETED else None,
        uid=section.uid,
        action=action,
        edit_version=section.edit_version,
        number=section.number,
        title=section.title,
        body=section.body,
        data=section_data(section),
        changed_by=user if getattr(user, "is_authenticated", False) else None,
    )


@changes_aggregates
@transaction.atomic
def section_create(
    *,
    concept: Concept,
    actor: User,
    kind: str,
    title: str,
    parent: Section | None = None,
    body: str = "",
    drafting_group=None,
    **details,
) -> Section:
    """Add a section at the end of its parent (or of the top level) and renumber."""
    _lock(concept)
    _check_parent(kind, parent, concept)
    if drafting_group is not None and drafting_group.municipality_id != concept.municipality_id:
        raise ValidationError({"drafting_group": _("Choose a group of this municipality.")})
    siblings = Section.objects.filter(concept=concept, parent=parent).count()
    section = Section.objects.create(
        concept=concept, parent=parent, kind=kind, title=title, body=body, position=siblings,
        drafting_group=drafting_group, updated_by=actor,
        **{k: v for k, v in details.items() if k in MEASURE_FIELDS},
    )
    concept_renumber(concept=concept)
    section.refresh_from_db(fields=["number", "position"])
    _revision(section, actor, SectionRevision.Action.CREATED).save()
    return section


@changes_aggregates
@transaction.atomic
def section_update(
    *,
    section: Section,
    actor: User,
    expected_version: int,
    title: str,
    body: str,
    drafting_group=None,
    findings: list[Finding] | None = None,
    **details,
) -> Section:
    """Save a section's text (and a measure's details) unless someone saved it since
    ``expected_version`` was loaded; then :class:`EditConflict` is raised and nothing is saved."""
    concept = section.concept
    if drafting_group is not None and drafting_group.municipality_id != concept.municipality_id:
        raise ValidationError({"drafting_group": _("Choose a group of this municipality.")})
    if findings and any(f.concept_id != concept.pk for f in findings):
        raise ValidationError({"findings": _("Choose findings of this concept.")})
    fields = {"title": title, "body": body, "drafting_group": drafting_group}
    if section.kind == SectionKind.MEASURE:
        fields.update({k: v for k, v in details.items() if k in MEASURE_FIELDS})
        _validate_measure(fields)
    update_if_unchanged(
        Section.objects.select_related("updated_by"), pk=section.pk, expected_version=expected_version,
        fields={"updated_by": actor, "updated_at": timezone.now(), **fields},
    )
    if findings is not None and section.kind == SectionKind.MEASURE:
        section.findings.set(findings)
    fresh = sections_qs(concept).get(pk=section.pk)
    _revision(fresh, actor, SectionRevision.Action.EDITED).save()
    return fresh


def _validate_measure(fields: dict) -> None:
    starts, ends = fields.get("starts_on"), fields.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": _("The end must not be before the start.")})
    org = fields.get("responsible_organisation")
    if org is not None and not isinstance(org, Organisation):
        raise ValidationError({"responsible_organisation": _("Choose an organisation.")})


@changes_aggregates
@transaction.atomic
def section_move(*, section: Section, actor: User, parent: Section | None, position: int,
                 expected_version: int | None = None) -> Section:
    """Move a section (with everything under it) to ``position`` (0-based) under ``parent``.

    ``expected_version`` is the section's version as the person loaded the move form: if someone
    saved or moved the section since, :class:`EditConflict` is raised and nothing moves."""
    concept = _lock(section.concept)
    update_if_unchanged(Section.objects.select_related("parent", "updated_by"), pk=section.pk,
                        expected_version=expected_version, fields={})
    _check_parent(section.kind, parent, concept)
    siblings = list(
        Section.objects.filter(concept=concept, parent=parent).exclude(pk=section.pk).order_by("position", "pk")
    )
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, section)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    section.parent = parent
    Section.objects.bulk_update(siblings, ["position"])
    Section.objects.filter(pk=section.pk).update(parent=parent, updated_by=actor, updated_at=timezone.now())
    concept_renumber(concept=concept)
    fresh = sections_qs(concept).get(pk=section.pk)
    _revision(fresh, actor, SectionRevision.Action.MOVED).save()
    return fresh


@changes_aggregates
@transaction.atomic
def section_delete(*, section: Section, actor: User) -> None:
    """Delete a section and everything under it; the revisions keep what they said."""
    concept = _lock(section.concept)
    tree = in_reading_order(sections_qs(concept))
    doomed_pks = {section.pk}
    for node in tree:  # reading order: a parent always comes before its children
        if node.parent_id in doomed_pks:
            doomed_pks.add(node.pk)
    doomed = [node for node in tree if node.pk in doomed_pks]
    SectionRevision.objects.bulk_create([_revision(s, actor, SectionRevision.Action.DELETED) for s in doomed])
    Section.objects.filter(pk=section.pk).delete()
    concept_renumber(concept=concept)


# --- measures: indicators and implementation -------------------------------------------------


def _require_measure(section: Section) -> None:
    if section.kind != SectionKind.MEASURE:
        raise ValidationError(_("Only a measure has indicators and implementation progress."))


@changes_aggregates
@transaction.atomic
def indicator_create(*, section: Section, actor: User, name: str, target: Decimal, unit: str = "") -> models.Model:
    """An output indicator of a measure: an indicator of the analytics framework (through the
    registry's "measure_indicators" port, since concepts does not import analytics)."""
    _require_measure(section)
    if target is None or target < 0:
        raise ValidationError({"target": _("The target must be zero or more.")})
    indicator = registry.provider("measure_indicators").measure_indicator_create(
        section=section, actor=actor, name=name, unit=unit, target=target
    )
    Section.objects.filter(pk=section.pk).update(updated_by=actor, updated_at=timezone.now())
    return indicator


@changes_aggregates
@transaction.atomic
def indicator_delete(*, indicator: models.Model, actor: User) -> None:
    Section.objects.filter(pk=indicator.section_id).update(updated_by=actor, updated_at=timezone.now())
    indicator.delete()


@changes_aggregates
@transaction.atomic
def progress_note_add(
    *,
    section: Section,
    actor: User,
    noted_on: date,
    text: str,
    status: str,
    progress: int,
    evidence: str = "",
    evidence_url: str = "",
) -> ProgressNote:
    """Record a dated note on a measure's implementation and set its status and progress."""
    _require_measure(section)
    errors = {}
    phase = Concept.objects.filter(pk=section.concept_id).values_list("phase", flat=True).first()
    if phase not in APPROVED_PHASES:
        errors["status"] = _("Implementation is tracked once the concept is approved.")
    if noted_on > timezone.localdate():
        errors["noted_on"] = _("A progress note cannot be dated in the future.")
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if status == MeasureStatus.DONE and progress != 100:
        errors["progress"] = _("A measure that is done is at 100 %.")
    if errors:
        raise ValidationError(errors)
    note = ProgressNote.objects.create(
        section=section, noted_on=noted_on, text=text, status=status, progress=progress, evidence=evidence,
        evidence_url=evidence_url, author=actor,
    )
    # Status is not text: it does not bump edit_version, so it never conflicts with someone editing the text.
    Section.objects.filter(pk=section.pk).update(status=status, progress=progress)
    section.status, section.progress = status, progress
    revision = _revision(section, actor, SectionRevision.Action.PROGRESS)
    revision.data = {"status": status, "progress": progress, "note": text}
    revision.save()
    return note


# --- findings --------------------------------------------------------------------------------


def _check_chapter(concept: Concept, chapter: Section | None) -> None:
    if chapter is not None and (chapter.concept_id != concept.pk or chapter.kind != SectionKind.CHAPTER):
        raise ValidationError({"chapter": _("Choose an analysis chapter of this concept.")})


@changes_aggregates
@transaction.atomic
def finding_create(
    *, concept: Concept, actor: User, statement: str, source_kind: str, source_detail: str = "", chapter: Section | None = None
) -> Finding:
    _check_chapter(concept, chapter)
    finding = Finding(
        concept=concept, statement=statement, source_kind=source_kind, source_detail=source_detail,
        chapter=chapter, created_by=actor,
    )
    finding._history_user = actor
    finding.save()
    return finding


@changes_aggregates
@transaction.atomic
def finding_update(*, finding: Finding, actor: User, expected_version: int | None = None, **fields) -> Finding:
    _check_chapter(finding.concept, fields.get("chapter", finding.chapter))
    if expected_version is not None:  # from the edit form: refuse to overwrite a newer save
        update_if_unchanged(Finding.objects, pk=finding.pk, expected_version=expected_version, fields={})
        finding.edit_version = expected_version + 1
    for name, value in fields.items():
        setattr(finding, name, value)
    finding._history_user = actor
    finding.save(update_fields=list(fields))
    return finding


@changes_aggregates
@transaction.atomic
def finding_delete(*, finding: Finding, actor: User) -> None:
    finding._history_user = actor
    finding.delete()


# --- versions --------------------------------------------------------------------------------


@changes_aggregates
@transaction.atomic
def version_freeze(
    *,
    concept: Concept,
    actor: User,
    steering_approved_on: date,
    approval_note: str = "",
    approval_meeting=None,
    change_summary: str = "",
    label: str = "",
) -> Version:
    """Freeze the draft as the next numbered version (v1, v2, …), an immutable snapshot.

    Needs the steering team's approval: its date and the meeting or decision that gave it.
    The database refuses any later UPDATE of the version's rows (migration 0004).
    """
    concept = _lock(concept)
    errors = {}
    if steering_approved_on is None:
        errors["steering_approved_on"] = _("Enter the date the steering team approved this version.")
    elif steering_approved_on > timezone.localdate():
        errors["steering_approved_on"] = _("The approval cannot be dated in the future.")
    if approval_meeting is None and not approval_note.strip():
        errors["approval_note"] = _("Say where the approval was given: choose the meeting or describe the decision.")
    if approval_meeting is not None and approval_meeting.group.municipality_id != concept.municipality_id:
        errors["approval_meeting"] = _("Choose a meeting of this municipality.")
    sections = in_reading_order(sections_qs(concept))
    if not sections:
        errors["__all__"] = _("There is nothing to freeze: the concept has no sections yet.")
    if errors:
        raise ValidationError(errors)
    last = Version.objects.filter(concept=concept).order_by("-number").values_list("number", flat=True).first()
    version = Version.objects.create(
        concept=concept,
        number=(last or 0) + 1,
        label=label,
        change_summary=change_summary,
        frozen_at=timezone.now(),
        frozen_by=actor,
        title=concept.title,
        vision=concept.vision,
        steering_approved_on=steering_approved_on,
        steering_approval_note=approval_note,
        approval_meeting=approval_meeting,
    )
    parent_uid = {s.pk: s.uid for s in sections}
    VersionSection.objects.bulk_create(
        [
            VersionSection(
                version=version,
                uid=s.uid,
                parent_uid=parent_uid.get(s.parent_id),
                kind=s.kind,
                order=order,
                depth=s.depth,
                number=s.number,
                title=s.title,
                body=s.body,
                data=section_data(s),
            )
            for order, s in enumerate(sections)
        ]
    )
    return version
