"""How the tests themselves are written (issue 9): a test waits for a worker or a server by polling
``tests.conftest.poll`` (or the ``job_finished`` / ``wait_until`` fixtures built on it), never by a
fixed sleep or a polling loop of its own, and a browser test lives in ``tests/e2e/``."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SLEEP = re.compile(r"\btime\.sleep\(|\bwait_for_timeout\(|^\s*from time import .*\bsleep\b", re.M)
BROWSER = re.compile(r"\bplaywright\b|sync_playwright|\.launch\(")


def _test_modules():
    return sorted(p for p in TESTS.rglob("*.py") if "artifacts" not in p.parts)


def test_it_finds_a_fixed_sleep_and_a_browser():
    assert SLEEP.search("    time.sleep(0.5)\n") and SLEEP.search("page.wait_for_timeout(300)")
    assert BROWSER.search("from playwright.sync_api import Page")


def test_it_waits_only_through_the_one_polling_helper():
    offenders = [str(p.relative_to(TESTS)) for p in _test_modules()
                 if p != TESTS / "conftest.py" and p != Path(__file__) and SLEEP.search(p.read_text())]
    assert offenders == [], f"fixed sleeps or own polling loops (use tests.conftest.poll): {offenders}"


def test_it_keeps_every_browser_test_in_e2e():
    outside = [str(p.relative_to(TESTS)) for p in _test_modules()
               if "e2e" not in p.relative_to(TESTS).parts and p.name.startswith("test_")
               and p != Path(__file__) and BROWSER.search(p.read_text())]
    assert outside == [], f"browser tests outside tests/e2e/: {outside}"
