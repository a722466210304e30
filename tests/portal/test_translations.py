"""The Czech catalogue is complete, and no English word is translated two ways by two apps."""

import json
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def test_it_has_no_conflicting_translations_between_apps():
    seen: dict[str, tuple[str, str]] = {}
    conflicts = []
    for path in sorted((ROOT / "locale" / "translations").glob("*.json")):
        for msgid, text in json.loads(path.read_text(encoding="utf-8")).items():
            if msgid in seen and seen[msgid][1] != json.dumps(text, ensure_ascii=False):
                conflicts.append((msgid, seen[msgid][0], path.name))
            seen.setdefault(msgid, (path.name, json.dumps(text, ensure_ascii=False)))
    assert not conflicts, conflicts


def test_it_has_a_complete_and_compiled_czech_catalogue():
    po = polib.pofile(str(ROOT / "locale" / "cs" / "LC_MESSAGES" / "django.po"))
    assert po.untranslated_entries() == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert "nplurals=4" in po.metadata["Plural-Forms"]
