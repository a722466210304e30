"""Every page a demo user can reach by following links answers without a server error.

The demo data set is loaded once; each persona starts at the home page and follows the portal's
own links (breadth-first, bounded), as a person clicking around would. A 500 anywhere fails.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

PERSONAS = [
    "gestor.ostrava", "metodik.ostrava", "koordinator.ostrava", "socialni.ostrava", "clen.ostrava",
    "nno.ostrava", "gestor.kladno", "nno.kladno", "konzultant",
]
LIMIT = 160
SKIP = re.compile(r"^/(accounts/logout|i18n/|admin/|static/|jobs/.+/download)|\.(ics|pdf|xlsx|docx)$|/download|/export")
HREF = re.compile(r'href="([^"#][^"]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115


def crawl(client: Client) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if parsed.netloc or not href.startswith("/") or SKIP.search(parsed.path):
                continue
            if href not in seen:
                queue.append(href)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS)
def test_it_serves_every_reachable_page_without_a_server_error(demo, username):
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    seen = crawl(client)
    errors = {url: code for url, code in seen.items() if code >= 500}
    assert not errors, errors
    assert len(seen) > 5, seen
