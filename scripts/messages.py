"""Rebuild the gettext catalogues and optionally fill Czech translations from a JSON file.

    python scripts/messages.py [extra-translations.json]

Czech translations live in locale/translations/<app>.json, one file per app so that people
working on different apps never edit the same file. The JSON maps an English msgid to its Czech text; for a plural message, to a list of the Czech
forms (one, few, many, other); a message with a context (pgettext) is keyed
"context\u0004msgid". Existing translations are kept. Run through `make messages`,
which holds a lock so that two people cannot write the catalogue at once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
IGNORE = [".venv", "static/vendor", "tests", "staticfiles", "var", "node_modules", "*/migrations/*"]


def run(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


def main() -> None:
    ignores = [arg for pattern in IGNORE for arg in ("--ignore", pattern)]
    run("makemessages", "-l", "cs", "-l", "en", "--no-obsolete", "--no-location", *ignores)
    sources = sorted((ROOT / "locale" / "translations").glob("*.json")) + [Path(p) for p in sys.argv[1:]]
    translations: dict = {}
    for source in sources:
        translations.update(json.loads(source.read_text(encoding="utf-8")))
    if translations:
        po_path = ROOT / "locale" / "cs" / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path))
        filled = 0
        for entry in po:
            # A message with a context is keyed "context\u0004msgid", as in compiled catalogues.
            key = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
            value = translations.get(key)
            if value is None:
                continue
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value] * 4
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(4)}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
        po.save(str(po_path))
        print(f"filled {filled} translations")
    run("compilemessages", "--ignore", ".venv")
    po = polib.pofile(str(ROOT / "locale" / "cs" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries()]
    print(f"cs: {po.percent_translated()} % translated, {len(missing)} untranslated")
    if os.environ.get("SHOW_MISSING"):
        print("\n".join(missing))


if __name__ == "__main__":
    main()
