"""Every list page, asked with junk query parameters, answers 200 or 400, never 500.

List pages are discovered from the URL resolver: every URL named ``…_list``, the lists whose
names say something else (``LISTS_NAMED_OTHERWISE``), and every view that pages or filters
through ``portal.lists`` (its source calls ``list_page``/``paginate`` or binds a FilterSet to the
query string). A new list page is therefore tested without anyone adding it here; one whose URL
takes arguments this file cannot find (``ARGUMENTS``) fails until they are added. Each is
requested, on the demo data, as a user who may see it: the first persona and object for which the
plain page answers 200 (or leads on to its only item).
"""

from __future__ import annotations

import inspect
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

JUNK = ("?page=-1&sort=zzz&programme=abc&status=%3Cscript%3E&kind=zzz&phase=zzz&q=%3Cscript%3E&o=zzz"
        "&state=%3Cscript%3E&show=zzz&section=abc&chapter=abc&source=%3Cscript%3E&measure=%3Cscript%3E"
        "&unread=zzz&region=%3Cscript%3E&since=zzz&actor=abc&municipality=%3Cscript%3E&answer=zzz&settled=zzz")

LISTS_NAMED_OTHERWISE = {
    "audit_log", "rounds:my_comments", "rounds:settle", "rounds:settlement_table", "rounds:moderation",
    "analytics:municipality_dashboard", "consultant:dashboard",
}
NOT_LISTS = {"pilots:household_list_export"}  # a POST that starts an export, named after the list

OK = (200, 302)  # a list of one may lead straight to its only item (the concept list does)
PERSONAS = ["gestor.ostrava", "koordinator.ostrava", "metodik.ostrava", "konzultant", "admin"]


# A view that pages or filters a list: it goes through portal.lists, or binds a FilterSet.
PAGES_A_LIST = re.compile(r"\b(?:list_page|paginate)\(|\w+Filter\(request\.GET")


def _names(resolver: URLResolver, namespace: str = "", params: frozenset = frozenset()):
    for entry in resolver.url_patterns:
        here = params | set(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from _names(entry, f"{namespace}:{inner}".strip(":") if inner else namespace, here)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, here, entry.callback


def pages_a_list(view) -> bool:
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return bool(PAGES_A_LIST.search(source))


def list_pages() -> dict[str, frozenset]:
    """{URL name: the names of its URL parameters}"""
    pages = {}
    for name, params, view in _names(get_resolver()):
        if name.startswith("admin:") or name in NOT_LISTS:
            continue
        if name.endswith("_list") or name in LISTS_NAMED_OTHERWISE or pages_a_list(view):
            pages[name] = params
    return pages


def _by_pk(queryset) -> list[dict]:
    return [{"pk": pk} for pk in queryset.order_by("-pk").values_list("pk", flat=True)]


def _arguments(name: str) -> list[dict]:
    """The URL arguments (besides the municipality) of the pages that take some, on Ostrava's demo data."""
    from analytics.models import Dataset, DatasetUpload, DatasetVersion
    from concepts.models import Concept, Section
    from concepts.rounds.models import Round
    from pilots.models import Programme
    from workgroups.models import Group

    here = {"municipality__slug": "ostrava"}
    special = {
        "concepts:section_history": lambda: [
            {"pk": concept, "section_pk": section} for section, concept in
            Section.objects.filter(concept__municipality__slug="ostrava").order_by("pk").values_list("pk", "concept")[:5]],
        "analytics:upload_detail": lambda: _by_pk(DatasetUpload.objects.filter(**here)),
        "analytics:dataset_detail": lambda: _by_pk(Dataset.objects.filter(**here)),
        "analytics:dataset_version": lambda: [
            {"pk": dataset, "number": number} for dataset, number in DatasetVersion.objects.filter(
                dataset__municipality__slug="ostrava", is_complete=True).values_list("dataset", "number")[:5]],
    }
    by_app = {
        "concepts": lambda: _by_pk(Concept.objects.filter(**here)),
        "rounds": lambda: _by_pk(Round.objects.filter(**here)),
        "pilots": lambda: _by_pk(Programme.objects.filter(**here)),
        "workgroups": lambda: _by_pk(Group.objects.filter(**here)),
    }
    arguments = special.get(name) or by_app.get(name.split(":")[0])
    if arguments is None:
        pytest.fail(f"{name} takes URL arguments: say in _arguments where to find them")
    return arguments()


def _candidates(name: str) -> list[dict]:
    """URL arguments to try for a list page, most likely first."""
    params = list_pages()[name]
    base = {"municipality_slug": "ostrava"} if "municipality_slug" in params else {}
    if not params - {"municipality_slug"}:
        return [base]
    return [{**base, **kwargs} for kwargs in _arguments(name)]


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
    # found because they page or filter through portal.lists, whatever their names
    assert {"concepts:section_history", "analytics:dataset_version", "accessibility:queue", "notifications:list",
            "consultant:approvals", "rounds:settlement_table", "workgroups:group_detail"} <= names


def test_it_recognises_a_view_that_pages_a_list():
    from portal.lists import paginate

    def by_hand(request):
        return paginate(request, [], 10)

    def plain(request):
        return None

    assert pages_a_list(by_hand)
    assert not pages_a_list(plain)


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
