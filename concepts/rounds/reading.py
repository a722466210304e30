"""The reading page of a round (signed-in and public): the version's stored rendering
(``concepts.rendering``) with this reader's parts laid over each section — the comment count,
the comment button and a link that loads the section's comments on demand (htmx), so the page
does not grow with the comments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concepts.models import VersionSection
from concepts.rendering import comment_count_parts, version_document

from .models import Round


def _section_urls(round: Round, public: bool) -> tuple[Callable[[int], str], Callable[[int], str]]:
    """(comment on a section, a section's comments) as functions of the section's pk, built from
    two reverse() calls per page rather than two per section (urls.py: …/sections/<section_pk>/…)."""
    slug = round.municipality.slug
    if public:
        comment = reverse("public:comment", args=[slug, round.pk]) + "?section="
        sections = reverse("public:section_comments", args=[slug, round.pk, 0]).removesuffix("0/comments/")
        return (lambda pk: f"{comment}{pk}"), (lambda pk: f"{sections}{pk}/comments/")
    sections = reverse("rounds:section_comments", args=[slug, round.pk, 0]).removesuffix("0/comments/")
    return (lambda pk: f"{sections}{pk}/comment/"), (lambda pk: f"{sections}{pk}/comments/")


def reading_document(
    round: Round, *, sections: Iterable[VersionSection], counts: Mapping[int, int], can_comment: bool,
    public: bool = False,
) -> SafeString:
    """The round's version for one reader. ``counts`` are the comments this reader may read, per
    section; the comments themselves come from :func:`section_comments` when asked for."""
    foot = {}
    comment_url, comments_url = _section_urls(round, public)
    for section in sections:
        parts = []
        if can_comment:
            url = comment_url(section.pk)
            label = _("Comment on section %(n)s") % {"n": section.number or section.title}
            parts.append(format_html(
                '<p class="mt-2 mb-1" data-comment-url="{}"><a class="btn btn-sm btn-outline-primary btn-touch" '
                'href="{}">{}</a></p>', url, url, label,
            ))
        n = counts.get(section.pk, 0)
        if n:
            url = comments_url(section.pk)
            parts.append(format_html(
                '<div class="doc-comments" id="comments-{}"><a class="btn btn-sm btn-link px-0" href="{}" '
                'hx-get="{}" hx-target="#comments-{}" hx-swap="innerHTML">{}</a></div>',
                section.pk, url, url, section.pk,
                ngettext("Show %(n)s comment", "Show %(n)s comments", n) % {"n": n},
            ))
        if parts:
            foot[section.pk] = "".join(parts)
    return version_document(round.version, head=comment_count_parts(counts), foot=foot)
