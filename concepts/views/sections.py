from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import registry
from portal.access import municipality_view
from portal.concurrency import versioned_edit
from portal.forms import add_service_errors, add_service_messages
from portal.lists import paginate

from ..access import concept_for, indicator_for, section_for
from ..diff import word_diff_html
from ..forms import (
    IndicatorForm,
    ProgressNoteForm,
    SectionForm,
    SectionMoveForm,
    SectionNewForm,
    SectionQuery,
)
from ..models import Section, SectionKind, SectionRevision
from ..services import (
    indicator_create,
    indicator_delete,
    progress_note_add,
    section_create,
    section_delete,
    section_move,
    section_update,
)

VIEW, EDIT = "concepts.view_concept", "concepts.edit_concept"


@municipality_view(EDIT, hide=True)
def section_new(request, municipality, pk):
    concept = concept_for(municipality, pk)
    initial = SectionQuery.of(request, concept=concept).values
    form = SectionNewForm(request.POST or None, initial=initial, concept=concept)
    if request.method == "POST" and form.is_valid():
        try:
            section = section_create(concept=concept, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Section %(n)s was added.") % {"n": section})
            return redirect(section.get_absolute_url())
    return render(request, "concepts/section_new.html", {"municipality": municipality, "concept": concept,
                                                         "form": form})


@municipality_view(VIEW, hide=True)
def section_detail(request, municipality, pk, section_pk):
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    return render(request, "concepts/section_detail.html", {
        "municipality": municipality, "concept": concept, "section": section,
        "indicators": section.indicators.all(),
        "charts": registry.provider("concept_charts").section_charts(section),
        "findings": section.findings.select_related("chapter"),
        "chapter_findings": section.chapter_findings.all() if section.kind == SectionKind.CHAPTER else [],
        "notes": section.progress_notes.select_related("author")[:20],
        "children": section.children.order_by("position"),
        "can_edit": request.user.has_perm(EDIT, municipality),
        "indicator_form": IndicatorForm(),
        "progress_form": ProgressNoteForm(initial={"status": section.status, "progress": section.progress}),
    })


@municipality_view(EDIT, hide=True)
def section_edit(request, municipality, pk, section_pk):
    """Edit a section. If someone saved it since this person loaded it, nothing is overwritten:
    the page shows both texts, with the other person's version, and the form now carries their
    ``edit_version``, so saving again is a deliberate choice to keep one's own text."""
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    form = SectionForm(request.POST or None, initial=SectionForm.initial_for(section), section=section)
    return versioned_edit(
        request, form, lambda version, data: section_update(
            section=section, actor=request.user, expected_version=version, **data),
        template="concepts/section_edit.html", success_url=section.get_absolute_url(), cancel_url=None,
        success_message=_("The measure was saved.") if section.is_measure else _("The section was saved."),
        context=lambda conflict: {
            "municipality": municipality, "concept": concept, "section": section,
            "conflict_diff": word_diff_html(conflict.body, request.POST.get("body", "")) if conflict else "",
        },
    )


@municipality_view(EDIT, hide=True)
def section_move_view(request, municipality, pk, section_pk):
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    form = SectionMoveForm(request.POST or None, section=section,
                           initial={"parent": section.parent_id, "position": section.position + 1})
    return versioned_edit(
        request, form, lambda version, data: section_move(
            section=section, actor=request.user, parent=data.get("parent"), position=data["position"] - 1,
            expected_version=version),
        template="concepts/section_move.html",
        context={"municipality": municipality, "concept": concept, "section": section},
        success_url=lambda moved: concept.get_absolute_url() + f"#o-{moved.uid}",
        success_message=lambda moved: _("The section was moved; it is now %(n)s.") % {"n": moved},
        cancel_url=section.get_absolute_url(),
    )


@require_POST
@municipality_view(EDIT, hide=True)
def section_shift(request, municipality, pk, section_pk, direction):
    """Move a section one place up or down among its siblings (the outline's arrow buttons)."""
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    offset = -1 if direction == "up" else 1
    section = section_move(section=section, actor=request.user, parent=section.parent,
                           position=max(0, section.position + offset))
    return redirect(concept.get_absolute_url() + f"#o-{section.uid}")


@municipality_view(EDIT, hide=True)
def section_delete_view(request, municipality, pk, section_pk):
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    if request.method == "POST":
        section_delete(section=section, actor=request.user)
        messages.success(request, _("The section was deleted; the numbering was updated."))
        return redirect(concept.get_absolute_url())
    descendants = Section.objects.filter(concept=concept, parent=section).count()
    return render(request, "concepts/section_delete.html", {"municipality": municipality, "concept": concept,
                                                            "section": section, "descendants": descendants})


@municipality_view(VIEW, hide=True)
def section_history(request, municipality, pk, section_pk):
    """Every change of the section: who, when, and what changed against the revision before."""
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    revisions = SectionRevision.objects.filter(concept=concept, uid=section.uid).select_related("changed_by")
    page = paginate(request, revisions, 20)
    items = list(page.object_list)
    # The revision just before the oldest on this page, to diff against (one query).
    previous = revisions.filter(changed_at__lte=items[-1].changed_at).exclude(pk=items[-1].pk).first() if items else None
    rows = []
    for i, revision in enumerate(items):
        before = items[i + 1] if i + 1 < len(items) else previous
        rows.append({
            "revision": revision,
            "title_diff": word_diff_html(before.title, revision.title) if before and before.title != revision.title else None,
            "body_diff": word_diff_html(before.body, revision.body) if before and before.body != revision.body else None,
        })
    return render(request, "concepts/section_history.html", {"municipality": municipality, "concept": concept,
                                                             "section": section, "page": page, "rows": rows})


@require_POST
@municipality_view(EDIT, hide=True)
def indicator_add(request, municipality, pk, section_pk):
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            indicator_create(section=section, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The indicator was added."))
        except ValidationError as exc:
            add_service_messages(request, exc)
    else:
        messages.error(request, _("The indicator was not added: fill in its name and a target."))
    return redirect(section.get_absolute_url() + "#indicators")


@require_POST
@municipality_view(EDIT, hide=True)
def indicator_remove(request, municipality, pk, section_pk, indicator_pk):
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    indicator_delete(indicator=indicator_for(section, indicator_pk), actor=request.user)
    messages.success(request, _("The indicator was removed."))
    return redirect(section.get_absolute_url() + "#indicators")


@municipality_view(EDIT, hide=True)
def progress_add(request, municipality, pk, section_pk):
    concept = concept_for(municipality, pk)
    section = section_for(concept, section_pk)
    form = ProgressNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress_note_add(section=section, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The progress was recorded."))
            return redirect(section.get_absolute_url() + "#progress")
    return render(request, "concepts/progress_form.html", {"municipality": municipality, "concept": concept,
                                                           "section": section, "form": form})
