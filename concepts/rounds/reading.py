"""The reading page of a round (signed-in and public): the version's stored rendering
(``concepts.rendering``) with this reader's parts laid over each section — the comment count,
the comment button and a link that loads the section's comments on demand (htmx), so the page
does not grow with the comments — and its table of contents with this reader's counts.

The parts are built as plain strings from the stored sections' escaped values (and the rest
escaped here): a ``format_html`` per part cost more than the rest of the page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concepts.rendering import TocRow, comment_count_parts, stored_document, toc_html, version_document

from .models import Round


def _section_urls(round: Round, public: bool) -> tuple[Callable[[int], str], Callable[[int], str]]:
    """(comment on a section, a section's comments) as functions of the section's pk, already
    escaped, built from two reverse() calls per page rather than two per section
    (urls.py: …/sections/<section_pk>/…)."""
    slug = round.municipality.slug
    if public:
        comment = escape(reverse("public:comment", args=[slug, round.pk]) + "?section=")
        sections = escape(reverse("public:section_comments", args=[slug, round.pk, 0]).removesuffix("0/comments/"))
        return (lambda pk: f"{comment}{pk}"), (lambda pk: f"{sections}{pk}/comments/")
    sections = escape(reverse("rounds:section_comments", args=[slug, round.pk, 0]).removesuffix("0/comments/"))
    return (lambda pk: f"{sections}{pk}/comment/"), (lambda pk: f"{sections}{pk}/comments/")


def reading_document(round: Round, *, counts: Mapping[int, int], can_comment: bool, public: bool = False) -> SafeString:
    """The round's version for one reader. ``counts`` are the comments this reader may read, per
    section; the comments themselves come from :func:`section_comments` when asked for."""
    foot = {}
    comment_url, comments_url = _section_urls(round, public)
    label = _("Comment on section %(n)s")
    shows: dict[int, str] = {}
    for row in stored_document(round.version).sections:
        parts = ""
        if can_comment:
            url = comment_url(row.pk)
            parts = (f'<p class="mt-2 mb-1" data-comment-url="{url}"><a class="btn btn-sm btn-outline-primary '
                     f'btn-touch" href="{url}">{escape(label % {"n": row.number or row.title})}</a></p>')
        n = counts.get(row.pk, 0)
        if n:
            if n not in shows:
                shows[n] = escape(ngettext("Show %(n)s comment", "Show %(n)s comments", n) % {"n": n})
            url = comments_url(row.pk)
            parts += (f'<div class="doc-comments" id="comments-{row.pk}"><a class="btn btn-sm btn-link px-0" '
                      f'href="{url}" hx-get="{url}" hx-target="#comments-{row.pk}" hx-swap="innerHTML">{shows[n]}</a></div>')
        if parts:
            foot[row.pk] = parts
    return version_document(round.version, head=comment_count_parts(counts), foot=foot)


def reading_toc(round: Round, *, counts: Mapping[int, int] | None = None, public: bool = False) -> SafeString:
    """The lines of the reading page's table of contents (``rounds/round_read.html``; the public
    page's ``rounds/partials/toc.html``), each with this reader's count of comments if any."""
    counts = counts or {}

    def count(row: TocRow) -> str:
        n = counts.get(row.pk)
        return f' <span class="{"" if public else "small "}text-body-secondary">({n})</span>' if n else ""

    if public:
        return toc_html(stored_document(round.version).sections, lambda row: (
            f'<li class="toc-depth-{row.depth}"><a href="#s-{row.uid}">'
            f'{row.number_html + " " if row.number else ""}{row.title_html}</a>{count(row)}</li>'))
    return toc_html(stored_document(round.version).sections, lambda row: (
        f'<li class="doc-depth-{row.depth}"><a href="#s-{row.uid}">{row.number_html} {row.title_html}</a>{count(row)}</li>'))
