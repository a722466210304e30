"""Acceptance 5: following every link, the roles DESIGN §4 keeps from household records find no
household identity and no street address of a pilot flat, and the consultant's "as of" is a
month end wherever it appears."""

from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

from tests.test_crawl_demo import HREF, SKIP

LIMIT = 120


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115


def pages(client: Client):
    seen, queue = set(), deque(["/", "/m/ostrava/pilots/", "/m/ostrava/pilots/flats/"])
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        yield url, response, content
        for href in HREF.findall(content):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if not parsed.netloc and href.startswith("/") and not SKIP.search(parsed.path) and href not in seen:
                queue.append(href)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["konzultant", "clen.ostrava", "metodik.ostrava"])
def test_no_page_shows_a_household_identity_or_a_flat_address(demo, username):
    from django.contrib.auth import get_user_model

    from pilots.models import Flat, HouseholdIdentity

    # an invented household name may also be a portal user's name (shown as a member): not a leak
    people = {u.get_full_name() for u in get_user_model().objects.all()}
    names = [n for n in HouseholdIdentity.objects.values_list("name", flat=True) if n not in people]
    streets = list(Flat.objects.values_list("address", flat=True))
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    visited = 0
    for url, response, content in pages(client):
        visited += 1
        if "/pilots/" in url:  # elsewhere an invented household name may equal a real person's in the concept
            assert not [n for n in names if n in content], url
        assert not [s for s in streets if s.split(",")[0] in content], url
        as_of = (response.context or {}).get("as_of") if hasattr(response, "context") and response.context else None
        if username == "konzultant" and as_of is not None:
            from datetime import timedelta

            assert (as_of + timedelta(days=1)).day == 1, url
    assert visited > 5
