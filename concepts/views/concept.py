from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import municipality_view
from portal.concurrency import changed_without_version, versioned_edit
from portal.forms import add_service_errors
from portal.lists import list_page

from ..access import concept_for
from ..filters import ConceptFilter
from ..forms import ConceptForm
from ..models import Concept, Phase, Version
from ..selectors import concept_rollup, outline_evidence, outline_tree, progress_rollup
from ..services import concept_create, concept_update
from ..stats import share_percent

VIEW, EDIT, APPROVE = "concepts.view_concept", "concepts.edit_concept", "concepts.approve_concept"


@municipality_view(VIEW, hide=True)
def concept_list(request, municipality):
    concepts = Concept.objects.filter(municipality=municipality).select_related("gestor", "writer")
    filters, page = list_page(request, ConceptFilter, concepts, per_page=20)
    if page.paginator.count == 1 and not filters.data:
        return redirect(page.object_list[0].get_absolute_url())
    return render(request, "concepts/concept_list.html", {
        "municipality": municipality, "page": page, "filters": filters, "phases": Phase.choices,
        "can_edit": request.user.has_perm(EDIT, municipality),
    })


def _latest_versions(concept: Concept, n: int = 5) -> list[Version]:
    """The last versions for the outline's card: what a line shows, with the concept in hand (its
    link needs the concept's municipality), not joined again."""
    versions = list(Version.objects.filter(concept=concept).order_by("-number")
                    .only("pk", "concept_id", "number", "frozen_at", "label")[:n])
    for version in versions:
        version.concept = concept
    return versions


@municipality_view(EDIT, hide=True)
def concept_new(request, municipality):
    form = ConceptForm(request.POST or None, municipality=municipality, creating=True, can_approve=False)
    if request.method == "POST" and form.is_valid():
        try:
            concept = concept_create(municipality=municipality, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The concept was created."))
            return redirect(concept.get_absolute_url())
    return render(request, "concepts/concept_form.html", {"municipality": municipality, "form": form})


@municipality_view(EDIT, hide=True)
def concept_edit(request, municipality, pk):
    concept = concept_for(municipality, pk)
    can_approve = request.user.has_perm(APPROVE, municipality)
    form = ConceptForm(request.POST or None, instance=concept, municipality=municipality, creating=False,
                       can_approve=can_approve)
    return versioned_edit(
        request, form, lambda version, _data: concept_update(
            concept=concept, actor=request.user, can_approve=can_approve, expected_version=version,
            **changed_without_version(form)),
        template="concepts/concept_form.html", success_url=concept.get_absolute_url(),
        cancel_url=concept.get_absolute_url(), success_message=_("The concept was saved."),
        context={"municipality": municipality, "concept": concept},
    )


@municipality_view(VIEW, hide=True)
def concept_detail(request, municipality, pk):
    """The outline: the numbered tree with drafting groups, evidence share, progress, comment
    counts per section (over every round) and versions."""
    from concepts.rounds.selectors import concept_comment_counts

    concept = concept_for(municipality, pk)
    sections = outline_tree(concept)
    linked, total = outline_evidence(sections)
    return render(request, "concepts/concept_detail.html", {
        "municipality": municipality,
        "concept": concept,
        "sections": sections,
        "rollup": progress_rollup(sections) if concept.is_approved else {},
        "total_rollup": concept_rollup(sections),
        "evidence": {"linked": linked, "total": total, "percent": share_percent(linked, total)},
        "versions": _latest_versions(concept),
        "phases": Phase.choices,
        "comment_counts": concept_comment_counts(concept.pk),
        "can_edit": request.user.has_perm(EDIT, municipality),
        "sections_url": reverse("concepts:section_new", args=[municipality.slug, concept.pk]).removesuffix("new/"),
    })
