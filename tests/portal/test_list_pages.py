"""Every list page, asked with junk query parameters, answers 200 or 400, never 500.

List pages are discovered from the URL resolver: every URL named ``…_list``, plus the lists whose
names say something else (``LISTS_NAMED_OTHERWISE``). A new list page is therefore tested without
anyone adding it here. Each is requested, on the demo data, as a user who may see it: the first
persona and object for which the plain page answers 200 (or leads on to its only item).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

JUNK = "?page=-1&sort=zzz&programme=abc&status=%3Cscript%3E&kind=zzz&phase=zzz&q=%3Cscript%3E&o=zzz"

LISTS_NAMED_OTHERWISE = {
    "audit_log", "rounds:my_comments", "rounds:settle", "rounds:settlement_table", "rounds:moderation",
    "analytics:municipality_dashboard", "consultant:dashboard",
}
NOT_LISTS = {"pilots:household_list_export"}  # a POST that starts an export, named after the list

OK = (200, 302)  # a list of one may lead straight to its only item (the concept list does)
PERSONAS = ["gestor.ostrava", "koordinator.ostrava", "metodik.ostrava", "konzultant", "admin"]


def _names(resolver: URLResolver, namespace: str = "", params: frozenset = frozenset()):
    for entry in resolver.url_patterns:
        here = params | set(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _names(entry, f"{namespace}:{inner}".strip(":") if inner else namespace, here)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, here


def list_pages() -> dict[str, frozenset]:
    """{URL name: the names of its URL parameters}"""
    pages = {}
    for name, params in _names(get_resolver()):
        if name.startswith("admin:") or name in NOT_LISTS:
            continue
        if name.endswith("_list") or name in LISTS_NAMED_OTHERWISE:
            pages[name] = params
    return pages


def _candidates(name: str) -> list[dict]:
    """URL arguments to try for a list page, most likely first."""
    from concepts.models import Concept
    from concepts.rounds.models import Round
    from pilots.models import Programme

    params = list_pages()[name]
    base = {"municipality_slug": "ostrava"} if "municipality_slug" in params else {}
    if "pk" not in params:
        return [base]
    objects = {
        "concepts": Concept.objects.filter(municipality__slug="ostrava"),
        "rounds": Round.objects.filter(municipality__slug="ostrava"),
        "pilots": Programme.objects.filter(municipality__slug="ostrava"),
    }[name.split(":")[0]]
    return [{**base, "pk": pk} for pk in objects.order_by("-pk").values_list("pk", flat=True)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", "--noinput", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_it_discovers_the_list_pages():
    names = set(list_pages())
    assert {"member_list", "workgroups:group_list", "workgroups:meeting_list", "workgroups:action_list",
            "workgroups:milestone_list", "pilots:household_list", "rounds:round_list"} <= names
    assert names >= LISTS_NAMED_OTHERWISE


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(list_pages()))
def test_it_answers_junk_parameters_without_a_server_error(demo, name):
    User = get_user_model()
    for kwargs in _candidates(name):
        url = reverse(name, kwargs=kwargs)
        for username in PERSONAS:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=username))
            if client.get(url).status_code in OK:
                break
        else:
            continue
        break
    else:
        pytest.fail(f"no persona sees {name} on the demo data")
    response = client.get(url + JUNK)
    assert response.status_code in (*OK, 400), (name, url, response.status_code)
    assert b"<script>" not in response.content.split(b"</head>")[-1].replace(b"<script src=", b"")
