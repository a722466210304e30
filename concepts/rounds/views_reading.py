"""The comments of one section of a round's version, loaded on demand from the reading page
(htmx swaps the list in; without JavaScript the link opens it as a page)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from concepts.models import VersionSection
from portal.access import municipality_view

from .access import public_round, round_for, sees_settlements
from .models import Comment
from .views import _visible_comments


def _render(request, context: dict):
    template = "rounds/partials/section_comments.html" if request.htmx else "rounds/section_comments.html"
    return render(request, template, context)


@municipality_view()
def section_comments(request, municipality, pk, section_pk):
    round = round_for(request.user, municipality, pk)
    section = get_object_or_404(VersionSection, version=round.version, pk=section_pk)
    return _render(request, {
        "municipality": municipality, "round": round, "section": section, "public": False,
        "comments": _visible_comments(request.user, round).filter(section=section),
        "show_settlements": sees_settlements(request.user, round),
    })


def public_section_comments(request, municipality_slug, pk, section_pk):
    round = public_round(municipality_slug, pk)
    section = get_object_or_404(VersionSection, version=round.version, pk=section_pk)
    comments = (
        Comment.objects.filter(round=round, section=section, is_public=True).active()
        .select_related("organisation").order_by("number")
    )
    return _render(request, {"round": round, "section": section, "public": True, "comments": comments,
                             "show_settlements": False})
