from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import municipality_view
from portal.forms import add_service_errors
from portal.lists import list_page

from ..access import concept_for, concept_version_for, version_for
from ..diff import version_diff
from ..export_services import EXPORTS, version_export_start
from ..filters import VersionFilter
from ..forms import CompareForm, FreezeForm
from ..rendering import TocRow, comment_count_parts, stored_document, toc_html, version_document
from ..selectors import concept_versions, version_sections
from ..services import version_freeze

VIEW, EDIT = "concepts.view_concept", "concepts.edit_concept"


@municipality_view(VIEW, hide=True)
def version_list(request, municipality, pk):
    concept = concept_for(municipality, pk)
    filters, page = list_page(request, VersionFilter, concept_versions(concept), per_page=20)
    return render(request, "concepts/version_list.html", {
        "municipality": municipality, "concept": concept, "page": page, "filters": filters,
        "can_edit": request.user.has_perm(EDIT, municipality),
    })


@municipality_view(EDIT, hide=True)
def version_new(request, municipality, pk):
    """Freeze the draft as the next version, recording the steering team's approval."""
    concept = concept_for(municipality, pk)
    form = FreezeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            version = version_freeze(concept=concept, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Version %(v)s was frozen.") % {"v": version})
            return redirect(version.get_absolute_url())
    return render(request, "concepts/version_freeze.html", {"municipality": municipality, "concept": concept,
                                                            "form": form})


@require_http_methods(["GET", "HEAD"])
@municipality_view(VIEW, hide=True)
def version_detail(request, municipality, pk, number):
    """Read a frozen version. It is immutable: this URL accepts no writes (405)."""
    from concepts.rounds.selectors import version_comment_counts

    version = concept_version_for(municipality, pk, number)
    concept = version.concept
    # The contents and the document come from the version's stored rendering (concepts.rendering):
    # the sections are not read again.
    return render(request, "concepts/version_detail.html", {
        "municipality": municipality, "concept": concept, "version": version,
        "toc": toc_html(stored_document(version).sections, _toc_line),
        "can_edit": request.user.has_perm(EDIT, municipality),
        "document": version_document(version, head=comment_count_parts(version_comment_counts(version))),
    })


def _toc_line(row: TocRow) -> str:
    return (f'<li class="outline-depth-{row.depth}"><a href="#s-{row.uid}">'
            f'{row.number_html + " " if row.number else ""}{row.title_html}</a></li>')


@municipality_view(VIEW, hide=True)
def version_compare(request, municipality, pk):
    concept = concept_for(municipality, pk)
    numbers = list(concept_versions(concept).values_list("number", flat=True))
    initial = {"a": numbers[1], "b": numbers[0]} if len(numbers) > 1 else {}
    form = CompareForm(request.GET or initial or None)
    diff = old = new = None
    if form.is_bound and form.is_valid():
        old = version_for(concept, form.cleaned_data["a"])
        new = version_for(concept, form.cleaned_data["b"])
        diff = version_diff(version_sections(old), version_sections(new))
        from concepts.rounds.selectors import comments_behind_changes

        behind = comments_behind_changes(concept.pk, min(old.number, new.number), max(old.number, new.number))
        for change in diff.changes:
            change.comment_numbers = behind.get(change.uid, [])
    return render(request, "concepts/version_compare.html", {
        "municipality": municipality, "concept": concept, "form": form, "numbers": numbers,
        "old": old, "new": new, "diff": diff, "show_all": diff is not None and form.cleaned_data["all"],
    })


@require_POST
@municipality_view(VIEW, hide=True)
def version_export(request, municipality, pk, number, fmt):
    """Start (or join) the export of a version. Each version's file is built once and reused."""
    concept = concept_for(municipality, pk)
    version = version_for(concept, number)
    if fmt not in EXPORTS:
        raise Http404
    job = version_export_start(version=version, fmt=fmt, actor=request.user)
    return redirect(job.get_absolute_url())
