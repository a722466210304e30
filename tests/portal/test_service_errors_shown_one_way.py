"""One way to show a service's refusal (issue 9): ``portal.forms.add_service_errors`` puts a
ValidationError next to the fields it names, ``add_service_messages`` shows it as messages where
there is no form. No view copies either."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "workgroups", "concepts", "pilots", "analytics"]
COPY = re.compile(r"for \w+ in exc\.messages|\"\s*\"\.join\(exc\.messages\)|add_error\(None, exc\)")


def _views():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views":
                yield path


def test_it_recognises_a_local_copy():
    assert COPY.search('messages.error(request, " ".join(exc.messages))')
    assert COPY.search("            for message in exc.messages:")
    assert COPY.search("form.add_error(None, exc)")


def test_it_finds_no_view_showing_service_errors_its_own_way():
    copies = [f"{path.relative_to(ROOT)}:{number}" for path in _views()
              for number, line in enumerate(path.read_text().splitlines(), 1) if COPY.search(line)]
    assert copies == [], f"use portal.forms.add_service_errors / add_service_messages: {copies}"
