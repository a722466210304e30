"""Render a frozen version once.

A frozen version never changes (the database refuses updates, migration 0004), so its HTML is
rendered on first use and kept in the cache: the sections' Markdown (language-independent, also
used by the PDF and Word exports) and the whole document per language (used by the version view,
the partner's reading page and the public page), with the few columns of each section a table of
contents and the per-reader parts need. What differs per reader — comment counts, one's own
comments, buttons — is laid over the stored HTML at two marked places in each section, so a
page with 150 sections renders a few small pieces instead of the whole document.

Each process also keeps the last few documents it used, already split at the marked places
(:func:`stored_document`): a page then reads neither the cache nor the sections' rows, and joins
the pieces instead of searching 300 kB of HTML for the markers. Nothing kept there is per reader.

The cache is derived data: if it is down or empty, the document is rendered again.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import NamedTuple

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from portal.markdown import render_markdown

from .models import Version, VersionSection

log = logging.getLogger(__name__)

# Bump when version_document.html, the Markdown rules or what is stored change, so stored
# renderings are not reused.
RENDERING_REVISION = 2
OVERLAY = re.compile(r"<!--overlay:(head|foot):(\d+)-->")
# Documents kept per process (a 150-section version is ~280 kB in one language).
MEMO_SIZE = 24


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


class TocRow(NamedTuple):
    """What a table of contents and the per-reader parts read of a section: the raw values and,
    for the HTML, the same escaped once (``uid`` and ``depth`` need no escaping)."""

    pk: int
    uid: str
    depth: int
    number: str
    title: str
    number_html: str
    title_html: str


class StoredDocument(NamedTuple):
    """A frozen version in one language: ``parts`` is the HTML split at the overlay markers —
    text, place ("head"/"foot"), section pk, text, … — and ``sections`` its sections in order."""

    parts: tuple
    sections: tuple[TocRow, ...]


_memo: OrderedDict[str, StoredDocument] = OrderedDict()
_memo_lock = threading.Lock()


def _render(version: Version) -> dict:
    sections = with_bodies(version, list(VersionSection.objects.filter(version=version).order_by("order")))
    html = render_to_string("concepts/partials/version_document.html", {
        "version": version, "sections": sections, "overlay_markers": True,
    })
    rows = [(s.pk, str(s.uid), s.depth, s.number, s.title) for s in sections]
    return {"html": html, "sections": rows}


def stored_document(version: Version) -> StoredDocument:
    """The whole document in the current language, rendered once (cache), split once (process)."""
    key = _key(version, f"document:{get_language() or '-'}")
    with _memo_lock:
        document = _memo.get(key)
        if document is not None:
            _memo.move_to_end(key)
            return document
    stored = _cache_get(key)
    if not isinstance(stored, dict):
        stored = _render(version)
        _cache_set(key, stored)
    parts = OVERLAY.split(stored["html"])
    for i in range(2, len(parts), 3):
        parts[i] = int(parts[i])
    document = StoredDocument(
        parts=tuple(parts),
        sections=tuple(TocRow(pk, uid, depth, number, title, escape(number), escape(title))
                       for pk, uid, depth, number, title in stored["sections"]),
    )
    with _memo_lock:
        _memo[key] = document
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return document


def frozen_html(version: Version) -> str:
    """The whole document in the current language, with overlay markers, rendered once."""
    parts = stored_document(version).parts
    return "".join(
        part if i % 3 == 0 else f"<!--overlay:{part}:" if i % 3 == 1 else f"{part}-->"
        for i, part in enumerate(parts)
    )


def version_document(
    version: Version, *, head: Mapping[int, str] | None = None, foot: Mapping[int, str] | None = None
) -> SafeString:
    """The stored document with per-reader parts laid over it: ``head`` under each section's
    heading, ``foot`` at its end, both {VersionSection.pk: HTML that is already safe}."""
    head, foot = head or {}, foot or {}
    parts = stored_document(version).parts
    out = [parts[0]]
    for i in range(1, len(parts), 3):
        out.append((head if parts[i] == "head" else foot).get(parts[i + 1], ""))
        out.append(parts[i + 2])
    return mark_safe("".join(out))  # noqa: S308 — stored HTML and safe parts


def toc_html(rows: Iterable[TocRow], item: Callable[[TocRow], str]) -> SafeString:
    """A table of contents' lines, ``item(row)`` each (built from the rows' escaped values)."""
    return mark_safe("".join(map(item, rows)))  # noqa: S308 — every value escaped by TocRow


def comment_count_parts(counts: Mapping[int, int]) -> dict[int, str]:
    """{section pk: "3 comments"} for the place under each section's heading (one translation
    and one piece of HTML per distinct count)."""
    pieces: dict[int, str] = {}

    def piece(n: int) -> str:
        if n not in pieces:
            pieces[n] = format_html('<p class="small text-body-secondary mb-1">{}</p>',
                                    ngettext("%(counter)s comment", "%(counter)s comments", n) % {"counter": n})
        return pieces[n]

    return {pk: piece(n) for pk, n in counts.items() if n}
