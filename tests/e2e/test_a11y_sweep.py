"""Accessibility and robustness sweep of the demo in Debian's Chromium.

The demo data set is loaded once. Three personas sign in through the login form (the partner on a
phone-sized touch screen) and open a fixed list of representative pages, found by following the
portal's own links from the home page (no hard-coded ids). On every page: axe-core finds no serious
or critical WCAG 2.0/2.1 A/AA violation, `<html lang>` is set, there is exactly one `<h1>` and a
non-empty `<title>`, the phone never scrolls sideways, and the browser console shows no error (the
portal's real Content Security Policy is enforced, so a blocked inline style or script fails here).
All findings of a run are reported together.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.e2e.conftest import AXE, sign_in

pytestmark = pytest.mark.e2e

PASSWORD = "demo-heslo-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
M = r"^/m/[\w-]+/"
# Representative pages by the shape of their path (query allowed only where stated).
PAGES = {
    "home": r"^/$",
    "municipality overview": M + r"$",
    "group list": M + r"groups/$",
    "group": M + r"groups/\d+/$",
    "meeting": M + r"groups/meetings/\d+/$",
    "concept outline": M + r"concept/\d+/$",
    "section": M + r"concept/\d+/sections/\d+/$",
    "measures": M + r"concept/\d+/measures/$",
    "version": M + r"concept/\d+/versions/\d+/$",
    "version compare": M + r"concept/\d+/versions/compare/(\?.*)?$",
    "round list": M + r"rounds/$",
    "round": M + r"rounds/\d+/$",
    "round reading": M + r"rounds/\d+/read/$",
    "settlement table": M + r"rounds/\d+/table/$",
    "profile": r"^/accounts/profile/$",
}
# Pages that lead towards the ones above; the discovery only follows these and the targets.
HUBS = re.compile(M + r"(groups/|concept/|concept/\d+/versions/|rounds/)?$")
# What each persona must at least reach (a partner reads the concept only through a round).
EXPECTED = {
    "gestor.ostrava": set(PAGES),
    "nno.ostrava": {"home", "municipality overview", "group list", "group", "meeting", "round list", "round",
                    "round reading", "profile"},
    "konzultant": {"home", "municipality overview", "group list", "group", "concept outline", "section",
                   "round list", "round", "profile"},
}
HREF = re.compile(r'href="([^"#][^"]*)"')
# clientWidth, not innerWidth: a mobile browser zooms out to fit a too-wide page, which widens innerWidth.
PAGE_CHECKS = """() => ({
  lang: document.documentElement.getAttribute('lang') || '',
  h1: document.querySelectorAll('h1').length,
  title: document.title.trim(),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  wide: [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter(e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
                       if (getComputedStyle(a).overflowX !== 'visible') return false;
                     return true; })
      .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')),
})"""


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo(demo_once):
    """The module's demo data; a transactional test empties the database afterwards, so the next one reloads it."""
    if not get_user_model().objects.filter(username="gestor.ostrava").exists():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def discover(username: str) -> tuple[dict[str, str], list[str]]:
    """The first URL of each kind in PAGES reachable by links from the home page, as `username` sees it,
    and the links on the way that lead nowhere (anything but 200 or a redirect)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    found: dict[str, str] = {}
    broken: list[str] = []
    seen: set[str] = set()
    queue = deque([("/", "")])
    while queue and len(found) < len(PAGES) and len(seen) < 80:
        url, referrer = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code not in {200, 302}:
            broken.append(f"{url} answers {response.status_code} (linked from {referrer})")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for kind, pattern in PAGES.items():
            if kind not in found and re.search(pattern, url):
                found[kind] = url
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if parsed.netloc or not href.startswith("/") or href in seen:
                continue
            if HUBS.search(parsed.path) or any(re.search(p, href) for p in PAGES.values()):
                queue.append((href, url))
    return found, broken


def public_round_url() -> str:
    client = Client()
    links = [h for h in HREF.findall(client.get("/public/").content.decode()) if re.match(r"^/public/[\w-]+/\d+/$", h)]
    assert links, "the public consultation list links no round"
    return links[0]


def inspect(page, url: str, axe, phone: bool, errors: list[str]) -> list[str]:
    """Open `url` and return what is wrong with it (empty when nothing is); `errors` collects the console's."""
    errors.clear()
    response = page.goto(url)
    page.wait_for_load_state()
    problems = [f"HTTP {response.status}"] if response.status != 200 else []
    facts = page.evaluate(PAGE_CHECKS)
    if not facts["lang"]:
        problems.append("<html> has no lang")
    if facts["h1"] != 1:
        problems.append(f"{facts['h1']} <h1> elements")
    if not facts["title"]:
        problems.append("empty <title>")
    if phone and facts["overflow"] > 1:
        problems.append(f"scrolls sideways by {facts['overflow']}px ({', '.join(facts['wide'])})")
    problems += [f"axe {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in axe(page)]
    problems += [f"console: {e}" for e in errors]
    return problems


@pytest.fixture
def enforced_axe():
    """axe-core evaluated through the DevTools protocol, so the page keeps its real CSP."""
    source = AXE.read_text()

    def run(page) -> list[dict]:
        page.evaluate(source) if not page.evaluate("typeof axe !== 'undefined'") else None
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]

    return run


@pytest.mark.django_db(transaction=True)
def test_it_passes_the_sweep_for_every_persona(demo, browser, live_server, enforced_axe):
    report: dict[str, list[str]] = {}

    def sweep(page, urls: dict[str, str], label: str, phone: bool):
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        for kind, url in urls.items():
            problems = inspect(page, live_server.url + url, enforced_axe, phone, errors)
            if problems:
                report[f"{label} {kind} {url}"] = problems

    anonymous = browser.new_context(locale="cs-CZ", **PHONE)
    sweep(anonymous.new_page(), {"login": "/accounts/login/", "public consultation": public_round_url()},
          "anonymous", True)
    anonymous.close()

    for username, phone in [("gestor.ostrava", False), ("nno.ostrava", True), ("konzultant", False)]:
        urls, broken = discover(username)
        missing = EXPECTED[username] - set(urls)
        assert not missing, f"{username} reaches no {sorted(missing)} by links"
        if broken:
            report[f"{username} links"] = broken
        context = browser.new_context(locale="cs-CZ", **(PHONE if phone else {}))
        page = context.new_page()
        sign_in(page, live_server, username, PASSWORD)
        assert "/accounts/login/" not in page.url, f"{username} could not sign in"
        sweep(page, urls, username, phone)
        context.close()

    assert not report, "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in report.items())


FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    id: e.id, tag: e.tagName.toLowerCase(), type: e.type || '', comment: !!e.closest('[data-comment-url]'),
    skip: e.classList.contains('skip-link'), main: !!e.closest('main'),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    onscreen: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0,
  };
}"""


def tab_to(page, wanted, limit: int = 80) -> dict:
    """Press Tab until `wanted(focused)` holds; the focused element's facts (FOCUSED) at that point."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reaches the element (last focus: {focused})")


@pytest.mark.django_db(transaction=True)
def test_it_comments_on_a_section_by_keyboard_alone(demo, browser, live_server):
    reading = discover("nno.ostrava")[0]["round reading"]
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    sign_in(page, live_server, "nno.ostrava", PASSWORD)
    page.goto(live_server.url + reading)
    first = tab_to(page, lambda f: True)
    assert first["skip"] and first["outline"] and first["onscreen"], f"the skip link is not shown on focus: {first}"

    action = tab_to(page, lambda f: f["comment"])
    assert action["outline"] and action["onscreen"], f"focus on the comment action is not visible: {action}"
    page.keyboard.press("Enter")
    page.wait_for_url("**/comment/**")

    kind = tab_to(page, lambda f: f["id"].startswith("id_kind_"))
    assert kind["outline"], kind
    page.keyboard.press("Space")
    assert page.locator("input[name=kind]:checked").count() == 1
    tab_to(page, lambda f: f["id"] == "id_text")
    page.keyboard.type("Navrhujeme doplnit termín.")
    submit = tab_to(page, lambda f: f["main"] and f["type"] == "submit")
    assert submit["outline"], submit
    page.keyboard.press("Enter")
    page.wait_for_url("**/read/**")
    # The reading page loads a section's comments on demand (a frozen version is rendered once), so
    # the comment is checked where the partner keeps them: "my comments".
    page.goto(live_server.url + reading.split("read/")[0] + "mine/")
    assert "Navrhujeme doplnit termín." in page.content()
    context.close()
