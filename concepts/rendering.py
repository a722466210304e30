"""Render a frozen version once.

A frozen version never changes (the database refuses updates, migration 0004), so its HTML is
rendered on first use and kept in the cache: the sections' Markdown (language-independent, also
used by the PDF and Word exports) and the whole document per language (used by the version view,
the partner's reading page and the public page). What differs per reader — comment counts, one's
own comments, buttons — is laid over the stored HTML at two marked places in each section, so a
page with 150 sections renders a few small pieces instead of the whole document.

The cache is derived data: if it is down or empty, the document is rendered again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from portal.markdown import render_markdown

from .models import Version, VersionSection

log = logging.getLogger(__name__)

# Bump when version_document.html or the Markdown rules change, so stored renderings are not reused.
RENDERING_REVISION = 1
OVERLAY = re.compile(r"<!--overlay:(head|foot):(\d+)-->")


def _key(version: Version, what: str) -> str:
    # frozen_at is part of the key: a version row re-created with the same pk (tests, a restored
    # database) is another document.
    stamp = version.frozen_at.timestamp() if version.frozen_at else 0
    return f"concepts:frozen:{RENDERING_REVISION}:{version.pk}:{stamp:.6f}:{what}"


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # a cache outage costs a re-render, never an error page
        log.warning("cache unavailable, rendering %s again", key, exc_info=True)
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, timeout=None)
    except Exception:
        log.warning("cache unavailable, not storing %s", key, exc_info=True)


def toc_sections(version: Version) -> list[VersionSection]:
    """The sections for a table of contents and for laying parts over the document: no texts."""
    return list(
        VersionSection.objects.filter(version=version).order_by("order")
        .only("pk", "version_id", "uid", "kind", "order", "depth", "number", "title")
    )


def section_bodies(version: Version) -> dict[int, str]:
    """{VersionSection.pk: sanitised HTML of its Markdown}, rendered once per version."""
    key = _key(version, "bodies")
    bodies = _cache_get(key)
    if bodies is None:
        rows = VersionSection.objects.filter(version=version).values_list("pk", "body")
        bodies = {pk: str(render_markdown(body)) for pk, body in rows}
        _cache_set(key, bodies)
    return bodies


def with_bodies(version: Version, sections: list[VersionSection]) -> list[VersionSection]:
    """Set ``body_html`` on each section from the stored rendering (for the PDF and Word exports)."""
    bodies = section_bodies(version)
    for section in sections:
        section.body_html = mark_safe(bodies.get(section.pk, ""))  # noqa: S308 — sanitised by render_markdown
    return sections


def frozen_html(version: Version) -> str:
    """The whole document in the current language, with overlay markers, rendered once."""
    key = _key(version, f"document:{get_language() or '-'}")
    html = _cache_get(key)
    if html is None:
        sections = with_bodies(version, list(VersionSection.objects.filter(version=version).order_by("order")))
        html = render_to_string("concepts/partials/version_document.html", {
            "version": version, "sections": sections, "overlay_markers": True,
        })
        _cache_set(key, html)
    return html


def version_document(
    version: Version, *, head: Mapping[int, str] | None = None, foot: Mapping[int, str] | None = None
) -> SafeString:
    """The stored document with per-reader parts laid over it: ``head`` under each section's
    heading, ``foot`` at its end, both {VersionSection.pk: HTML that is already safe}."""
    head, foot = head or {}, foot or {}

    def part(match: re.Match) -> str:
        place, pk = match.group(1), int(match.group(2))
        return (head if place == "head" else foot).get(pk, "")

    return mark_safe(OVERLAY.sub(part, frozen_html(version)))  # noqa: S308 — stored HTML and safe parts


def comment_count_parts(counts: Mapping[int, int]) -> dict[int, str]:
    """{section pk: "3 comments"} for the place under each section's heading."""
    return {
        pk: format_html(
            '<p class="small text-body-secondary mb-1">{}</p>',
            ngettext("%(counter)s comment", "%(counter)s comments", n) % {"counter": n},
        )
        for pk, n in counts.items() if n
    }
