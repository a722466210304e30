from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import municipality_view
from portal.concurrency import changed_without_version, versioned_edit
from portal.forms import add_service_errors
from portal.lists import list_page

from ..access import concept_for, finding_for
from ..filters import FindingFilter
from ..forms import FindingForm, FindingQuery
from ..models import Finding, Section, SectionKind
from ..services import finding_create, finding_delete, finding_update

VIEW, EDIT = "concepts.view_concept", "concepts.edit_concept"


@municipality_view(VIEW, hide=True)
def finding_list(request, municipality, pk):
    concept = concept_for(municipality, pk)
    findings = Finding.objects.filter(concept=concept).select_related("chapter").annotate(n_measures=Count("measures"))
    chapters = Section.objects.filter(concept=concept, kind=SectionKind.CHAPTER).order_by("position")
    filters, page = list_page(request, FindingFilter, findings, per_page=25, concept=concept)
    return render(request, "concepts/finding_list.html", {
        "municipality": municipality, "concept": concept, "page": page, "chapters": chapters,
        "sources": Finding.Source.choices, "filters": filters,
        "can_edit": request.user.has_perm(EDIT, municipality),
    })


@municipality_view(EDIT, hide=True)
def finding_new(request, municipality, pk):
    concept = concept_for(municipality, pk)
    form = FindingForm(request.POST or None, concept=concept, initial=FindingQuery.of(request, concept=concept).values)
    if request.method == "POST" and form.is_valid():
        try:
            finding_create(concept=concept, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The finding was added."))
            return redirect("concepts:finding_list", municipality.slug, concept.pk)
    return render(request, "concepts/finding_form.html", {"municipality": municipality, "concept": concept,
                                                          "form": form})


@municipality_view(EDIT, hide=True)
def finding_edit(request, municipality, pk, finding_pk):
    concept = concept_for(municipality, pk)
    finding = finding_for(concept, finding_pk)
    form = FindingForm(request.POST or None, instance=finding, concept=concept)
    back = reverse("concepts:finding_list", args=[municipality.slug, concept.pk])
    return versioned_edit(
        request, form, lambda version, _data: finding_update(
            finding=finding, actor=request.user, expected_version=version, **changed_without_version(form)),
        template="concepts/finding_form.html", success_url=back, cancel_url=back,
        success_message=_("The finding was saved."),
        context={"municipality": municipality, "concept": concept, "finding": finding},
    )


@municipality_view(EDIT, hide=True)
def finding_delete_view(request, municipality, pk, finding_pk):
    concept = concept_for(municipality, pk)
    finding = finding_for(concept, finding_pk)
    if request.method == "POST":
        finding_delete(finding=finding, actor=request.user)
        messages.success(request, _("The finding was deleted."))
        return redirect("concepts:finding_list", municipality.slug, concept.pk)
    return render(request, "concepts/finding_delete.html", {"municipality": municipality, "concept": concept,
                                                            "finding": finding,
                                                            "measures": finding.measures.order_by("number")})
