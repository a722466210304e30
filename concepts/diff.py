"""Compare two frozen versions: which sections were added, removed, moved or renumbered, and an
inline word-level diff of changed text.

Sections are matched by ``uid``, which stays with a section across versions. Text is compared
word by word with diff-match-patch (each distinct word mapped to one character, the same trick as
its line mode), and every piece is HTML-escaped before it is wrapped in ``<ins>``/``<del>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import VersionSection

TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _tokens_to_chars(a: str, b: str) -> tuple[str, str, list[str]]:
    vocabulary: list[str] = [""]
    index: dict[str, int] = {}

    def encode(text: str) -> str:
        out = []
        for token in TOKEN.findall(text):
            if token not in index:
                index[token] = len(vocabulary)
                vocabulary.append(token)
            out.append(chr(index[token]))
        return "".join(out)

    return encode(a), encode(b), vocabulary


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """[(op, text)] with op -1 (removed), 0 (same), 1 (added), at word granularity."""
    chars_a, chars_b, vocabulary = _tokens_to_chars(old or "", new or "")
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 2
    diffs = dmp.diff_main(chars_a, chars_b, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, "".join(vocabulary[ord(c)] for c in chunk)) for op, chunk in diffs]


def word_diff_html(old: str, new: str) -> SafeString:
    parts = []
    for op, text in word_diff(old, new):
        text = escape(text)
        if op == 1:
            parts.append(f"<ins>{text}</ins>")
        elif op == -1:
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return mark_safe("".join(parts))  # noqa: S308 — every piece escaped above


@dataclass
class FieldChange:
    """One measure detail that changed: its label and the old and new values as shown."""

    name: str
    label: str
    old: str
    new: str


def _text(value) -> str:
    return "" if value in (None, "", []) else str(value)


def indicator_lines(data: dict) -> str:
    """The indicators of a frozen measure as one line each ("Nové sociální byty: 40 bytů").
    Kept in one method so that a new indicators model changes only this."""
    from portal.formatting import cz_quantity

    return "\n".join(
        f"{i.get('name', '')}: {cz_quantity(i['target'], i.get('unit', ''))}" if i.get("target") not in (None, "")
        else str(i.get("name", ""))
        for i in data.get("indicators", [])
    )


def _funding(data: dict) -> str:
    from .models import funding_labels

    if "funding_sources" in data:
        return funding_labels(data["funding_sources"])
    return _text(data.get("funding_source_label"))  # versions frozen before several sources


def _responsible(data: dict) -> str:
    return ", ".join(x for x in (data.get("responsible_organisation"), data.get("responsible_person")) if x)


def _cost(data: dict) -> str:
    from portal.formatting import cz_number

    return f"{cz_number(data['cost_czk'])} Kč" if data.get("cost_czk") is not None else ""


def _dates(data: dict) -> str:
    from portal.formatting import cz_date

    starts, ends = data.get("starts_on"), data.get("ends_on")
    return f"{cz_date(starts, '…')} – {cz_date(ends, '…')}" if starts or ends else ""


def measure_fields() -> list[tuple[str, str, object]]:
    from django.utils.translation import gettext as _

    return [
        ("cost_czk", _("Estimated cost"), _cost),
        ("funding_sources", _("Funding sources"), _funding),
        ("responsible", _("Responsible"), _responsible),
        ("partners", _("Partners"), lambda d: ", ".join(d.get("partners") or [])),
        ("dates", _("Time frame"), _dates),
        ("indicators", _("Output indicators"), indicator_lines),
    ]


def field_changes(old: dict, new: dict) -> list[FieldChange]:
    """The measure details that differ between two frozen versions, with old and new values."""
    changes = []
    for name, label, show in measure_fields():
        before, after = show(old or {}), show(new or {})
        if before != after:
            changes.append(FieldChange(name=name, label=label, old=before, new=after))
    return changes


@dataclass
class SectionChange:
    uid: str
    old: VersionSection | None
    new: VersionSection | None
    added: bool = False
    removed: bool = False
    moved: bool = False
    renumbered: bool = False
    title_changed: bool = False
    body_changed: bool = False
    data_changed: bool = False
    title_html: SafeString = field(default_factory=lambda: mark_safe(""))
    body_html: SafeString = field(default_factory=lambda: mark_safe(""))
    fields: list[FieldChange] = field(default_factory=list)
    comment_numbers: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any((self.added, self.removed, self.moved, self.renumbered, self.title_changed,
                    self.body_changed, self.data_changed))

    @property
    def section(self) -> VersionSection:
        return self.new or self.old


@dataclass
class VersionDiff:
    changes: list[SectionChange]

    def _count(self, flag: str) -> int:
        return sum(getattr(c, flag) for c in self.changes)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "added": self._count("added"),
            "removed": self._count("removed"),
            "moved": self._count("moved"),
            "renumbered": self._count("renumbered"),
            "text": sum(c.title_changed or c.body_changed for c in self.changes),
            "details": self._count("data_changed"),
        }

    @property
    def changed(self) -> list[SectionChange]:
        return [c for c in self.changes if c.changed]


def _moved_uids(old: list[VersionSection], new: list[VersionSection]) -> set:
    """Sections whose parent changed, or whose place among their siblings changed relative to the
    others (those outside the longest common subsequence of sibling order)."""
    old_by_uid = {s.uid: s for s in old}
    moved = {s.uid for s in new if s.uid in old_by_uid and old_by_uid[s.uid].parent_uid != s.parent_uid}
    siblings_old: dict = {}
    siblings_new: dict = {}
    new_uids = {s.uid for s in new}
    for s in old:
        if s.uid in new_uids and s.uid not in moved:
            siblings_old.setdefault(s.parent_uid, []).append(s.uid)
    for s in new:
        if s.uid in old_by_uid and s.uid not in moved:
            siblings_new.setdefault(s.parent_uid, []).append(s.uid)
    for parent, before in siblings_old.items():
        after = siblings_new.get(parent, [])
        keep = _lcs(before, after)
        moved.update(uid for uid in after if uid not in keep)
    return moved


def _lcs(a: list, b: list) -> set:
    """Members of a longest common subsequence of two short lists (siblings of one parent)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            rows[i][j] = rows[i + 1][j + 1] + 1 if a[i] == b[j] else max(rows[i + 1][j], rows[i][j + 1])
    keep, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            keep.add(a[i])
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return keep


def version_diff(old: list[VersionSection], new: list[VersionSection]) -> VersionDiff:
    """Compare two versions' sections (each in reading order). Removed sections are listed where
    they stood in the old version, after the new section that preceded them."""
    old_by_uid = {s.uid: s for s in old}
    new_uids = {s.uid for s in new}
    moved = _moved_uids(old, new)
    changes: list[SectionChange] = []
    for section in new:
        before = old_by_uid.get(section.uid)
        change = SectionChange(uid=str(section.uid), old=before, new=section)
        if before is None:
            change.added = True
            change.title_html = mark_safe(f"<ins>{escape(section.title)}</ins>")  # noqa: S308
            change.body_html = mark_safe(f"<ins>{escape(section.body)}</ins>") if section.body else mark_safe("")  # noqa: S308
        else:
            change.moved = section.uid in moved
            change.renumbered = before.number != section.number
            change.title_changed = before.title != section.title
            change.body_changed = before.body != section.body
            change.data_changed = before.data != section.data
            if change.data_changed:
                change.fields = field_changes(before.data, section.data)
            change.title_html = word_diff_html(before.title, section.title) if change.title_changed else escape(section.title)
            change.body_html = word_diff_html(before.body, section.body) if change.body_changed else mark_safe("")  # noqa: S308
        changes.append(change)
    # Put removed sections after the surviving section that preceded them in the old version.
    position = {str(c.uid): i for i, c in enumerate(changes)}
    removed_after: dict[int, list[SectionChange]] = {}
    anchor = -1
    for section in old:
        if section.uid in new_uids:
            anchor = position[str(section.uid)]
            continue
        change = SectionChange(uid=str(section.uid), old=section, new=None, removed=True)
        change.title_html = mark_safe(f"<del>{escape(section.title)}</del>")  # noqa: S308
        change.body_html = mark_safe(f"<del>{escape(section.body)}</del>") if section.body else mark_safe("")  # noqa: S308
        removed_after.setdefault(anchor, []).append(change)
    merged = list(removed_after.get(-1, []))
    for i, change in enumerate(changes):
        merged.append(change)
        merged.extend(removed_after.get(i, []))
    return VersionDiff(changes=merged)
