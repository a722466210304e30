"""The permission matrix of the whole portal (issue 13, acceptance 5).

Every URL pattern of the resolver has a row in ``tests/url_matrix.yaml``. For each role of DESIGN §4
and an anonymous visitor, the view is requested with the demo objects of Ostrava; the answer must be
the one in the row. Then a person holding the same role in Kladno only asks for the same Ostrava
objects, through Ostrava's address and through Kladno's own (the classic leak: your municipality in
the URL, another's object id), and where the URL names a parent and a child (a round and one of its
comments) also with Kladno's parent and Ostrava's child; that must answer as the row's ``other`` says
(404 unless stated). Through Kladno's address only 403 or 404 is right: a POST's 302 or a form's 400
there means Ostrava's object was found, and fails the row as a 200 would.

* A URL with no row fails (``test_every_url_pattern_has_a_row``); so does a row for a URL that is gone.
* No row is skipped (``test_no_row_is_skipped``): an object the demo lacks is made in the world fixture.
* No 200 where the table says 404, and never a 500.
* The demo is loaded once per module in one transaction that is rolled back at its end; each request
  runs in a savepoint that is rolled back, so a POST changes nothing for the next one.

Adding a row for a new URL: run ``URL_MATRIX_RECORD=/tmp/rows.yaml pytest tests/test_url_matrix.py -k <name>``
after adding a row with just its ``args`` (and ``method: post`` for a POST-only view); the file gets
the observed codes in the table's format. Check them against DESIGN §4 before pasting them in.
"""

from __future__ import annotations

import os
import re
import uuid
from functools import cache
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.models import Job, Membership, Municipality
from portal.roles import Role

TABLE = Path(__file__).with_name("url_matrix.yaml")
ROLES = ["anonymous", "gestor", "writer", "coordinator", "social_worker", "member", "partner", "consultant"]
DEMO_USERS = {
    "gestor": "gestor.ostrava", "writer": "metodik.ostrava", "coordinator": "koordinator.ostrava",
    "social_worker": "socialni.ostrava", "member": "clen.ostrava", "partner": "nno.ostrava", "consultant": "konzultant",
}
RECORD = os.environ.get("URL_MATRIX_RECORD")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url_patterns(resolver=None, prefix: str = "", namespace: str | None = None):
    """(name, route) for every URL pattern of the resolver, with namespaces (``workgroups:meeting_detail``)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from url_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            label = pattern.name or f"<{pattern.pattern}>"  # e.g. the admin's catch-all
            yield (f"{namespace}:{label}" if namespace else label), prefix + str(pattern.pattern)


@cache
def load_table() -> dict:
    return yaml.load(TABLE.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)


@cache
def routes() -> dict[str, str]:
    return dict(url_patterns())


def row_for(table: dict, name: str) -> dict | None:
    if name in table:
        return table[name]
    for key, row in table.items():  # wildcard rows, e.g. "admin:*"
        if key.endswith("*") and name.startswith(key[:-1]):
            return {**row, "wildcard": True}
    return None


def codes(spec, default: str | None = None) -> dict[str, int]:
    spec = spec if spec is not None else default
    values = [int(v) for v in str(spec).split()]
    if len(values) == 1:
        values = values * len(ROLES)
    elif len(values) == 2:  # "302 404": the anonymous visitor, then every role
        values = values[:1] + values[1:] * (len(ROLES) - 1)
    assert len(values) == len(ROLES), f"expected {len(ROLES)} codes ({' '.join(ROLES)}), got {spec!r}"
    return dict(zip(ROLES, values, strict=True))


ALL_NAMES = sorted({name for name, _ in url_patterns()})
CHECKED = [name for name in ALL_NAMES if row_for(load_table(), name) is not None]


# --- the demo world, built once for the module -------------------------------------------------


def _objects() -> dict:
    from analytics.models import Indicator
    from concepts.models import Concept, Finding, Section, Version
    from concepts.rounds.models import Comment, Round, RoundInvitation
    from pilots.models import (
        EvaluationReport,
        Flat,
        FollowUp,
        Household,
        Placement,
        Programme,
        Referral,
        SupportGoal,
        SupportPlan,
    )
    from workgroups.models import (
        ActionItem,
        ChecklistItem,
        Decision,
        FocusGroupOutput,
        Group,
        GroupMember,
        Meeting,
        MeetingAttachment,
        Milestone,
    )

    o = Municipality.objects.get(slug="ostrava")
    users = {role: get_user_model().objects.get(username=name) for role, name in DEMO_USERS.items()}
    meeting = Meeting.objects.filter(group__municipality=o).order_by("pk").first()
    if not MeetingAttachment.objects.filter(meeting__group__municipality=o).exists():
        from django.core.files.base import ContentFile

        attachment = MeetingAttachment(meeting=meeting, filename="prezencni.pdf", content_type="application/pdf")
        attachment.file.save("prezencni.pdf", ContentFile(b"%PDF-1.4 matrix"), save=False)
        attachment.save()
    found = {
        "group": Group.objects.filter(municipality=o, members__isnull=False).order_by("pk").first(),
        "group_member": GroupMember.objects.filter(group__municipality=o).order_by("pk").first(),
        "checklist": ChecklistItem.objects.filter(group__municipality=o).order_by("pk").first(),
        "meeting": Meeting.objects.filter(group__municipality=o).order_by("pk").first(),
        "decision": Decision.objects.filter(meeting__group__municipality=o).order_by("pk").first(),
        "attachment": MeetingAttachment.objects.filter(meeting__group__municipality=o).order_by("pk").first(),
        "output": FocusGroupOutput.objects.filter(meeting__group__municipality=o).order_by("pk").first(),
        "action_item": ActionItem.objects.filter(meeting__group__municipality=o).order_by("pk").first(),
        "milestone": Milestone.objects.filter(municipality=o).order_by("pk").first(),
        "concept": Concept.objects.filter(municipality=o).order_by("pk").first(),
        "section": Section.objects.filter(concept__municipality=o, kind="measure").order_by("pk").first(),
        "indicator": Indicator.objects.filter(section__concept__municipality=o).order_by("pk").first(),
        "finding": Finding.objects.filter(concept__municipality=o).order_by("pk").first(),
        "version": Version.objects.filter(concept__municipality=o).order_by("number").first(),
        "round": Round.objects.filter(municipality=o, invitations__isnull=False).order_by("pk").first(),
        "comment": Comment.objects.filter(round__municipality=o, is_public=False).order_by("pk").first(),
        "public_round": Round.objects.filter(municipality=o, audience="public").order_by("pk").first(),
        "round_invitation": RoundInvitation.objects.filter(round__municipality=o).order_by("pk").first(),
        "programme": Programme.objects.filter(municipality=o, social_workers=users["social_worker"]).first(),
        "evaluation": EvaluationReport.objects.filter(programme__municipality=o).order_by("pk").first(),
        "flat": Flat.objects.filter(municipality=o).order_by("pk").first(),
        "household": Household.objects.filter(
            municipality=o, programme__social_workers=users["social_worker"], anonymised_at__isnull=True
        ).order_by("pk").first(),
        "referral": Referral.objects.filter(household__municipality=o).order_by("pk").first(),
        "placement": Placement.objects.filter(household__municipality=o).order_by("pk").first(),
        "followup": FollowUp.objects.filter(exit__placement__household__municipality=o).order_by("pk").first(),
        "plan": SupportPlan.objects.filter(household__municipality=o).order_by("pk").first(),
        "goal": SupportGoal.objects.filter(plan__household__municipality=o).order_by("pk").first(),
        "membership": Membership.objects.filter(municipality=o, role=Role.MEMBER).order_by("pk").first(),
        "job": Job.objects.create(
            municipality=o, kind="matrix", title="matrix", task_name="none", permission="concepts.view_concept",
            created_by=users["gestor"],
        ),
        "uuid": uuid.UUID(int=0),
    }
    found.update(_newer_objects(o, users, found))
    return found


def _newer_objects(o, users: dict, found: dict) -> dict:
    """The objects of the URLs added by the branches merged after the matrix was first written."""
    from analytics.models import (
        Dataset,
        DatasetUpload,
        DatasetVersion,
        EventFile,
        GoodPracticeEvent,
        IndicatorValue,
        MunicipalityIndicator,
        QualityCriterion,
        ReportSubscription,
        ValidationFlag,
    )
    from concepts.models import VersionSection
    from concepts.rounds.accessibility_services import accessibility_report_create
    from concepts.rounds.models import AccessibilityReport, Receipt
    from pilots.models import FidelityItem
    from portal.models import Notification

    round, public_round = found["round"], found["public_round"]
    # Objects the demo does not have, made here so that their rows are checked rather than skipped.
    if not Notification.objects.filter(user=users["gestor"]).exists():
        Notification.objects.create(user=users["gestor"], municipality=o, subject="matrix", body="matrix")
    if not ReportSubscription.objects.filter(user=users["consultant"]).exists():
        ReportSubscription.objects.create(user=users["consultant"], municipality=o)
    if not Receipt.objects.filter(invitation__round__municipality=o).exists():
        _partner_sends_comments(o, users["partner"])
    if not AccessibilityReport.objects.exists():
        accessibility_report_create(name="Jana Nováková", email="jana.novakova@example.cz", page_url="/public/",
                                    text="Tabulka vypořádání se nedá přečíst čtečkou obrazovky.")
    return {
        "round_section": VersionSection.objects.filter(version=round.version).order_by("pk").first() if round else None,
        "public_section": (VersionSection.objects.filter(version=public_round.version).order_by("pk").first()
                           if public_round else None),
        "receipt": Receipt.objects.filter(invitation__round__municipality=o).order_by("pk").first(),
        "fidelity_item": FidelityItem.objects.filter(programme__municipality=o).order_by("pk").first(),
        "criterion": QualityCriterion.objects.filter(cooperation__municipality=o).order_by("pk").first(),
        "indicator_plan": MunicipalityIndicator.objects.filter(municipality=o).order_by("pk").first(),
        # a value with a validation flag, of an indicator the municipality has not published
        "value": IndicatorValue.objects.filter(plan__municipality=o, plan__is_published=False,
                                               flags__isnull=False).order_by("pk").first(),
        "flag": ValidationFlag.objects.filter(value__plan__municipality=o).order_by("pk").first(),
        "dataset": Dataset.objects.filter(municipality=o).order_by("pk").first(),
        "dataset_version": DatasetVersion.objects.filter(dataset__municipality=o).order_by("pk").first(),
        "upload": DatasetUpload.objects.filter(municipality=o).order_by("pk").first(),
        "a11y_report": AccessibilityReport.objects.order_by("pk").first(),
        "notification": Notification.objects.filter(user=users["gestor"]).order_by("pk").first(),
        "event": GoodPracticeEvent.objects.order_by("pk").first(),
        "event_file": EventFile.objects.order_by("pk").first(),
        "subscription": ReportSubscription.objects.filter(user=users["consultant"]).order_by("pk").first(),
    }


def _partner_sends_comments(o, partner) -> None:
    """The partner comments on the open round they are invited to and sends the comments: a receipt,
    made by the rounds' own services as the "send comments" button makes it."""
    from django.utils import timezone

    from concepts.models import VersionSection
    from concepts.rounds.comment_services import comment_create
    from concepts.rounds.models import Comment, RoundInvitation
    from concepts.rounds.receipts import comments_submit

    now = timezone.now()
    invitation = next(i for i in RoundInvitation.objects.filter(round__municipality=o, user=partner)
                      .select_related("round").order_by("pk") if i.can_comment_at(now))
    section = VersionSection.objects.filter(version=invitation.round.version).order_by("order").first()
    comment_create(invitation=invitation, actor=partner, section=section, kind=Comment.Kind.ESSENTIAL,
                   text="Doplňte prosím počet bytů, které obec nabídne neziskovým organizacím k podnájmu.")
    comments_submit(invitation=invitation, actor=partner)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    # The demo data live in one transaction for the whole module, rolled back at its end (as
    # Django's TestCase.setUpTestData does): each test's own transaction, and each request's, is a
    # savepoint inside it, so nothing is committed and no later module sees the demo.
    # Passwords are hashed cheaply, as in every test (tests/conftest.py); the matrix signs in
    # with force_login.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        kladno = Municipality.objects.get(slug="kladno")
        User = get_user_model()
        mirrors = {}
        for role in ROLES[1:]:
            user, _ = User.objects.get_or_create(username=f"matrix.{role}.kladno", defaults={"email": f"{role}@k.cz"})
            Membership.objects.get_or_create(user=user, municipality=kladno, role=getattr(Role, role.upper()))
            mirrors[role] = user
        yield {"objects": _objects(), "mirrors": mirrors, "kladno": kladno,
               "users": {role: User.objects.get(username=name) for role, name in DEMO_USERS.items()}}
        transaction.set_rollback(True)


def _value(expression, objects: dict):
    """``meeting.pk`` → the demo meeting's pk; ``=up`` → the literal "up"."""
    text = str(expression)
    if text.startswith("="):
        return text[1:]
    head, *attrs = text.split(".")
    if head not in objects or objects[head] is None:
        pytest.fail(f"the demo data has no {head!r} for this row; extend the demo or the world fixture")
    value = objects[head]
    for attr in attrs:
        value = getattr(value, attr)
    return value


def _filled(route: str) -> str:
    """A concrete path for a pattern checked by a wildcard row (the admin): each parameter "1",
    a choice of words its first word."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    path = re.sub(r"\(\?P<\w+>\(?([\w-]+)[^)]*\)\)?", r"\1", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def _url(name: str, row: dict, objects: dict, slug: str = "ostrava") -> str:
    if row.get("wildcard"):
        return _filled(routes()[name])
    kwargs = {key: _value(expr, objects) for key, expr in (row.get("args") or {}).items()}
    route = routes()
    if "<slug:municipality_slug>" in route.get(name, "") or "(?P<municipality_slug>" in route.get(name, ""):
        kwargs["municipality_slug"] = slug
    return reverse(name, kwargs=kwargs)


def _parent_counterpart(obj, municipality):
    """The first object of the same model in another municipality (a concept, round, group, meeting…)."""
    from django.core.exceptions import FieldError

    for path in ("municipality", "group__municipality", "concept__municipality"):
        try:
            return type(obj).objects.filter(**{path: municipality}).order_by("pk").first()
        except FieldError:
            continue
    return None


def _mixed_url(name: str, row: dict, objects: dict, municipality) -> str | None:
    """Another municipality's address and its own parent object, with this municipality's child
    object: ``/m/kladno/rounds/<Kladno's round>/comments/<Ostrava's comment>/``. A view that checks
    the parent but not that the child belongs to it answers 200 here. None when the row has no
    child object; a failure when the other municipality has no such parent (make one in the world
    fixture, or the check would silently not run)."""
    args = row.get("args") or {}
    children = [key for key, expr in args.items() if key != "pk" and key.endswith("_pk") and not str(expr).startswith("=")]
    if "pk" not in args or not children:
        return None
    parent_expr = str(args["pk"])
    parent_expr = parent_expr[:-3] if parent_expr.endswith("_id") else parent_expr.removesuffix(".pk")
    parent = _value(parent_expr, objects)
    counterpart = _parent_counterpart(parent, municipality)
    if counterpart is None:
        pytest.fail(f"{name}: {municipality} has no {type(parent).__name__} to hold Ostrava's child object")
    kwargs = {key: _value(expr, objects) for key, expr in args.items() if key != "pk"}
    return reverse(name, kwargs={**kwargs, "pk": counterpart.pk, "municipality_slug": municipality.slug})


def _leakiest(answers: list[int]) -> int:
    """A Kladno person's answers: the first is for Ostrava's own address, the rest for Kladno's
    addresses holding Ostrava's objects. Through Kladno's address the gate lets them in, so only
    403 and 404 are right there: anything else (a 200, a POST's 302, a form's 400) means Ostrava's
    object was found, and is what the row reports."""
    first, *through_kladno = answers
    leaks = [code for code in through_kladno if code not in (403, 404)]
    if 200 in answers:
        return 200
    return leaks[0] if leaks else first


def _ask(client: Client, method: str, url: str) -> int:
    with transaction.atomic():
        response = client.post(url, {}) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response.status_code


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _login_redirect(client: Client, method: str, url: str) -> bool:
    with transaction.atomic():
        response = client.post(url, {}) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response.status_code == 302 and ("/accounts/login/" in response.url or "/admin/login/" in response.url)


# --- the tests ---------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    table = load_table()
    missing = [name for name in ALL_NAMES if row_for(table, name) is None]
    assert not missing, (
        f"URLs without a row in {TABLE.name} (add one; see this module's docstring): {missing}"
    )
    gone = [key for key in table if not key.endswith("*") and key not in ALL_NAMES]
    assert not gone, f"rows for URLs that no longer exist: {gone}"


def test_the_table_never_lets_another_municipality_in():
    """A row may not say 200 for a person of another municipality on a municipality's page."""
    table = load_table()
    route = routes()
    for name in CHECKED:
        row = row_for(table, name)
        if route.get(name, "").startswith("m/<slug:municipality_slug>/"):
            other = codes(row.get("other"), "302 404")
            assert all(code in (302, 404) for code in other.values()), (name, other)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CHECKED)
def test_each_role_gets_what_the_table_says(world, name):
    row = row_for(load_table(), name)
    method = row.get("method", "get")
    objects = world["objects"]
    # Files live in each test's own folder (tests/conftest.py): put the demo's file there.
    for key in ("attachment", "event_file"):
        if f"{key}." in str(row.get("args")):
            from django.core.files.base import ContentFile

            objects[key].file.save("matrix.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    url = _url(name, row, objects)
    expected = codes(row["own"])
    observed = {}
    for role in ROLES:
        if row.get("wildcard") and role not in ("anonymous", "gestor", "partner"):
            observed[role] = expected[role]  # the admin: nobody of DESIGN §4 is staff; three roles suffice
            continue
        client = _client(None if role == "anonymous" else world["users"][role])
        observed[role] = _ask(client, method, url)
    if expected["anonymous"] == 302 and row.get("login_redirect", True):
        assert _login_redirect(_client(None), method, url), f"{name}: anonymous is not sent to sign in"

    other_expected = codes(row.get("other"), "302 404")
    other_observed = {"anonymous": other_expected["anonymous"]}
    if row.get("wildcard"):  # the admin: nobody of DESIGN §4 is staff, so there is no "other" to try
        other_expected = other_observed = {}
    # an object of Ostrava in the URL (not only literals such as the export's format)
    has_objects = any(not str(expr).startswith("=") for expr in (row.get("args") or {}).values())
    is_municipal = "municipality_slug" in routes().get(name, "")
    kladno_urls = []
    if is_municipal and has_objects:
        kladno_urls.append(_url(name, row, objects, slug="kladno"))
        mixed = _mixed_url(name, row, objects, world["kladno"])
        if mixed:
            kladno_urls.append(mixed)
    for role in ROLES[1:] if other_expected else ():
        client = _client(world["mirrors"][role])
        answers = [_ask(client, method, url)] + [_ask(client, method, other) for other in kladno_urls]
        other_observed[role] = _leakiest(answers)
    if RECORD:
        with open(RECORD, "a") as out:
            line = {"own": " ".join(str(observed[r]) for r in ROLES)}
            if other_observed and other_observed != codes(None, "302 404"):
                line["other"] = " ".join(str(other_observed[r]) for r in ROLES)
            out.write(yaml.safe_dump({name: {**{k: v for k, v in row.items() if k not in ("own", "other")}, **line}},
                                     allow_unicode=True, default_flow_style=None, width=200))
        return
    assert all(code < 500 for code in [*observed.values(), *other_observed.values()]), (observed, other_observed)
    leaks = [role for role in ROLES if expected[role] == 404 and observed[role] == 200]
    assert not leaks, f"{name}: 200 where the table says 404 for {leaks}"
    assert observed == expected, f"{name} own municipality: expected {expected}, observed {observed}"
    assert other_observed == other_expected, f"{name} other municipality: expected {other_expected}, observed {other_observed}"


@pytest.mark.django_db
def test_the_admins_own_sign_in_and_out(world):
    """What the rows admin:login and admin:logout cannot show, as nobody of DESIGN §4 is staff.

    The sign-in form answers 200 to anyone not staff, and sends a staff member on to the index.
    Signing out is POST only: a GET answers 405 and signs nobody out; a POST signs the staff member
    out and goes to the portal's sign-in page. Someone not staff is sent to the index, and from
    there to the admin's sign-in."""
    login, logout, index = reverse("admin:login"), reverse("admin:logout"), reverse("admin:index")
    for user in (None, world["users"]["gestor"], world["users"]["partner"]):
        client = _client(user)
        assert client.get(login).status_code == 200
        for method in (client.get, client.post):
            response = method(logout)
            assert (response.status_code, response.url) == (302, index)
        response = client.get(index)
        assert response.status_code == 302 and response.url.startswith(login + "?")

    client = _client(get_user_model().objects.get(username="admin"))
    response = client.get(login)
    assert (response.status_code, response.url) == (302, index)
    assert client.get(logout).status_code == 405
    assert client.get(index).status_code == 200  # the GET signed nobody out
    response = client.post(logout)
    assert (response.status_code, response.url) == (302, reverse("login"))
    response = client.get(index)
    assert response.status_code == 302 and response.url.startswith(login + "?")


def test_no_row_is_excused():
    """Every row is checked for real: a row the code disagrees with is decided and fixed, not
    marked as failing (the ``known_failing`` mark is gone and stays gone)."""
    allowed = {"own", "other", "args", "method", "login_redirect", "fuzz"}
    unknown = {name: sorted(set(row) - allowed) for name, row in load_table().items() if set(row) - allowed}
    assert not unknown, f"keys the matrix does not know (known_failing is not allowed): {unknown}"


def test_no_row_is_skipped():
    """Every row is requested: an object a row needs and the demo lacks is made in the world
    fixture (``_newer_objects``), never excused with ``skip:`` (the demo has no …)."""
    skipped = {name: row["skip"] for name, row in load_table().items() if "skip" in row}
    assert not skipped, f"rows may not be skipped; make their objects in the world fixture instead: {skipped}"


def test_the_role_order_of_the_table_is_documented():
    header = TABLE.read_text().splitlines()[:12]
    assert any(re.search(" ".join(ROLES), line) for line in header)
