"""The reading page of a round (signed-in and public): the version's stored rendering
(``concepts.rendering``) with this reader's parts laid over each section — the comment count,
the comment button and a link that loads the section's comments on demand (htmx), so the page
does not grow with the comments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concepts.models import VersionSection
from concepts.rendering import comment_count_parts, version_document

from .models import Round


def _comment_url(round: Round, section: VersionSection, public: bool) -> str:
    if public:
        return reverse("public:comment", args=[round.municipality.slug, round.pk]) + f"?section={section.pk}"
    return reverse("rounds:comment_create", args=[round.municipality.slug, round.pk, section.pk])


def _comments_url(round: Round, section: VersionSection, public: bool) -> str:
    name = "public:section_comments" if public else "rounds:section_comments"
    return reverse(name, args=[round.municipality.slug, round.pk, section.pk])


def reading_document(
    round: Round, *, sections: Iterable[VersionSection], counts: Mapping[int, int], can_comment: bool,
    public: bool = False,
) -> SafeString:
    """The round's version for one reader. ``counts`` are the comments this reader may read, per
    section; the comments themselves come from :func:`section_comments` when asked for."""
    foot = {}
    for section in sections:
        parts = []
        if can_comment:
            url = _comment_url(round, section, public)
            label = _("Comment on section %(n)s") % {"n": section.number or section.title}
            parts.append(format_html(
                '<p class="mt-2 mb-1" data-comment-url="{}"><a class="btn btn-sm btn-outline-primary btn-touch" '
                'href="{}">{}</a></p>', url, url, label,
            ))
        n = counts.get(section.pk, 0)
        if n:
            url = _comments_url(round, section, public)
            parts.append(format_html(
                '<div class="doc-comments" id="comments-{}"><a class="btn btn-sm btn-link px-0" href="{}" '
                'hx-get="{}" hx-target="#comments-{}" hx-swap="innerHTML">{}</a></div>',
                section.pk, url, url, section.pk,
                ngettext("Show %(n)s comment", "Show %(n)s comments", n) % {"n": n},
            ))
        if parts:
            foot[section.pk] = "".join(parts)
    return version_document(round.version, head=comment_count_parts(counts), foot=foot)
