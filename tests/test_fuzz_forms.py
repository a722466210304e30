"""Bad input everywhere (issue 13, acceptance 5): Hypothesis sends junk to every form and to every
list's query parameters through HTTP, and nothing answers 500 or shows the junk unescaped.

The forms and lists are found, not listed: every URL of ``tests/url_matrix.yaml`` is opened by a
role the table lets in (gestor first); a page whose context holds a form is a form to fuzz, a page
with a paginated ``page`` is a list. The demo data are loaded once for the module; every example
runs in a savepoint that is rolled back.

A form is sent where the page's HTML sends it: the ``<form>`` holding its fields gives the address
(``action`` or ``hx-post``), the method, and the values it starts with (hidden fields such as the
version of an edit form, the submit button that tells two forms of one page apart). Hypothesis
replaces, adds and drops fields. **An example counts only when the request reached the form's
cleaning** (``_Cleaned`` records it; a list's, when the answer is a page of the list): Hypothesis
discards the others (``assume``), and the test fails unless ``EXAMPLES`` of them counted.
A form the page cleans from its own query string (a QueryForm: the quote to comment on, the
section to show) is fuzzed there, by GET. A POST-only view (an action) is posted empty, and each
form it cleans is fuzzed there, unless a page already sent that form to that view (``FUZZED``: once
per form and view, so the form of each row of a list is fuzzed once). ``STATES`` opens the rows
again in other states of the world that show other forms; the last test fails unless every form
class of the portal was fuzzed.

Profiles: ``ci`` (default, `make test`: 200 examples for every form and every list) and ``dev``
(``HYPOTHESIS_PROFILE=dev``: 25, quick). `make test` runs this module in a second process beside
the suite (scripts/test.sh).
"""

from __future__ import annotations

import os
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.core.paginator import Page
from django.db import transaction
from django.template import Context
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests import test_url_matrix as matrix
from tests.test_url_matrix import CHECKED, _url, codes, load_table, row_for

world = matrix.world  # the demo data, loaded once for this module as well

_COMMON = {"deadline": None, "database": None,
           "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.filter_too_much]}
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("dev", max_examples=25, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
EXAMPLES = settings().max_examples
MARKER = "<script>fz()</script>"

JUNK = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.text(max_size=300),
    st.sampled_from(["", " ", "-1", "0", "1", "abc", MARKER, "9" * 30, "2026-02-30", "31. 12. 2026", "1,5", "1.5",
                     "on", "true", "' OR 1=1 --", "../../etc/passwd", "%00", "💥", "1e309", "NaN", "9999-12-31",
                     "9999-12", "0001-01-01", "9999-12-31T23:59", "2026-13", "x" * 300]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates(min_value=date(1, 1, 1)).map(str),
)
LIST_KEYS = ["page", "sort", "q", "status", "kind", "programme", "group", "when", "method", "mine", "overdue",
             "inactive", "phase", "action", "since", "until", "actor", "object", "object_type", "former", "stage",
             "round", "priority", "responsible", "funding_source", "linked", "year", "indicator", "municipality",
             "answer", "assigned", "district", "is_active", "owner", "role", "same", "section", "settled", "show",
             "state", "as_of", "format", "region"]


# --- what a page offers --------------------------------------------------------------------------


class _Cleaned:
    """The forms (by module and name) that ran their cleaning during a request: the proof that an
    example reached the form rather than a redirect, a 404 or another form. Django sends no signal
    for it, so ``BaseForm.full_clean`` is wrapped while the fuzzer runs."""

    def __init__(self):
        self.names: set[str] = set()
        self.forms: list[forms.BaseForm] = []

    def clear(self) -> None:
        self.names.clear()
        self.forms.clear()

    def __enter__(self):
        self._original = original = forms.BaseForm.full_clean
        names, found = self.names, self.forms

        def full_clean(form):
            if form.is_bound:  # rendering an unbound form asks for its errors, which calls full_clean too
                names.add(_name(form))
                found.append(form)
            return original(form)

        forms.BaseForm.full_clean = full_clean
        return self

    def __exit__(self, *exc):
        forms.BaseForm.full_clean = self._original


def _name(form) -> str:
    return f"{type(form).__module__}.{type(form).__qualname__}"


class _HtmlForms(HTMLParser):
    """Each ``<form>`` of a page: where it is sent, how, the names of its fields and the values it
    starts with (those of the first submit button included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("hx-post") or attrs.get("action") or "",
                          "method": "post" if attrs.get("hx-post") else (attrs.get("method") or "get").lower(),
                          "names": set(), "values": {}, "button": False}
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            form["names"].add(name)
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form["values"].setdefault(name, attrs.get("value") or "on")
            elif kind == "submit":
                self._button(form, name, attrs)
            elif kind not in ("file", "image", "reset", "button"):
                form["values"].setdefault(name, attrs.get("value") or "")
        elif tag == "button" and (attrs.get("type") or "submit").lower() == "submit":
            self._button(form, name, attrs)
        elif tag == "select":
            form["names"].add(name)
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in form["values"]):
            form["values"][self._select] = attrs.get("value") or ""
        elif tag == "textarea":
            form["names"].add(name)
            form["values"][name] = ""
            self._textarea = name

    def _button(self, form, name, attrs):
        if not form["button"]:
            form["values"][name] = attrs.get("value") or ""
            form["button"] = True

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def html_forms(html: str) -> list[dict]:
    parser = _HtmlForms()
    parser.feed(html)
    return parser.forms


def _forms_in(context) -> list[forms.BaseForm]:
    found = []
    contexts = [context] if isinstance(context, Context) else (context or [])  # one template: a single Context
    values = [v for ctx in contexts for v in ctx.flatten().values()]
    for value in values:
        candidates = value if isinstance(value, list | tuple) else [value]
        for candidate in candidates:
            if isinstance(candidate, forms.BaseForm) and candidate.fields and candidate not in found:
                found.append(candidate)
    return found


def _where_it_is_sent(form: forms.BaseForm, page_url: str, offered: list[dict]) -> dict | None:
    """The page's ``<form>`` holding most of the form's fields (at least half) and the fewest
    others (None: the form is not shown)."""
    names = {form.add_prefix(name) for name, field in form.fields.items() if not field.disabled}
    holding = [html for html in offered if names and 2 * len(names & html["names"]) >= len(names)]
    if not holding:
        return None  # a template may leave out a field it does not need (the next section of the last one)
    best = max(holding, key=lambda html: (len(names & html["names"]), -len(html["names"] - names)))
    if "url" not in best:
        best["url"] = urljoin(page_url, best["action"]) if best["action"] else page_url
    return best


# --- the values -----------------------------------------------------------------------------


# What lies at and just past the edges: each is also sent on its own, in one field at a time with
# the page's values in the others (``_edges``), before Hypothesis's examples.
DATE_EDGES = ["9999-12-31", "9999-12", "9999-12-31T23:59", "0001-01-01", "0001-01-01T00:00"]
NUMBER_EDGES = ["2147483648", "9223372036854775808", "-9223372036854775809", "1e309", "NaN"]
EDGE_DATES = st.sampled_from([*DATE_EDGES, "9999-12-31 23:59", "0001-01", "1899-12-31", "2200-01-01", "2026-02-29"])
EDGE_NUMBERS = st.sampled_from([*NUMBER_EDGES, "-1", "0", "-1e309", "Infinity", "0.00001", "1" * 25, "1,5"])


def _edges(form: forms.BaseForm, start: dict):
    """The page's values with one field at one of its edges."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            values = DATE_EDGES
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            values = NUMBER_EDGES
        elif getattr(field, "max_length", None):
            values = ["x" * (field.max_length + 1)]
        else:
            continue
        for value in values:
            yield {**start, form.add_prefix(name): value}


def _field_values(field: forms.Field) -> st.SearchStrategy:
    """Junk for any field, and for a date, a number or a bounded text also what lies just past its edges."""
    options = [JUNK]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        options += [EDGE_DATES, st.dates(min_value=date(1, 1, 1)).map(str),
                    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M"))]
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        options += [EDGE_NUMBERS, st.integers().map(str), st.decimals(allow_nan=True).map(str)]
    elif getattr(field, "max_length", None):
        options.append(st.just("é" * (field.max_length + 1)))
    choices = getattr(field, "choices", None)
    if choices is not None:
        try:
            valid = [str(getattr(value, "value", value)) for value, _ in list(choices)[:8] if value not in ("", None)]
        except Exception:  # a choice iterator hitting the database with a bad queryset is not our input
            valid = []
        if valid:
            options.append(st.sampled_from(valid))
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(st.one_of(*options), max_size=3)
    return st.one_of(*options)


def _form_data(form: forms.BaseForm, start: dict) -> st.SearchStrategy:
    """The page's own values with some fields replaced by junk and some left out."""
    junk = st.fixed_dictionaries({}, optional={form.add_prefix(name): _field_values(field)
                                               for name, field in form.fields.items()})
    dropped = st.sets(st.sampled_from(sorted(start))) if start else st.just(set())
    return st.builds(lambda new, gone: {**{k: v for k, v in start.items() if k not in gone}, **new}, junk, dropped)


# --- the test -------------------------------------------------------------------------------------

# POST-only views that end the session they are sent in: the fuzzer's client would be signed out.
SIGNS_OUT = {"logout", "admin:logout"}
# (form, view) already fuzzed in this process: a form is fuzzed once per view it is sent to (a
# row's form on a page of 20 rows, or an action's form that a page sends, with the page's values).
FUZZED: set[tuple[str, str]] = set()


def _key(form: forms.BaseForm, url: str) -> tuple[str, str]:
    return _name(form), resolve(urlsplit(url).path).view_name


@pytest.fixture(scope="module", autouse=True)
def _report():
    """``FUZZ_REPORT=file``: which form was fuzzed at which view, written when the module ends."""
    yield
    if path := os.environ.get("FUZZ_REPORT"):
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(f"{form}\t{view}\n" for form, view in sorted(FUZZED))


def _client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


ROLE_ORDER = ("gestor", "coordinator", "writer", "social_worker", "member", "partner", "consultant", "anonymous")


def _roles_in(row: dict, allowed: set[int]) -> list[str]:
    """The roles of DESIGN §4 the row lets in, in this order, then the anonymous visitor (the
    sign-in page, the public comment form)."""
    expected = codes(row["own"])
    return [role for role in ROLE_ORDER if expected[role] in allowed]


def _first_role_in(row: dict, allowed: set[int]) -> str | None:
    return next(iter(_roles_in(row, allowed)), None)


def _rows(method: str):
    table = load_table()
    for name in CHECKED:
        row = row_for(table, name)
        if row.get("wildcard") or row.get("skip") or row.get("fuzz") is False or name in SIGNS_OUT:
            continue
        if row.get("method", "get") == method:
            yield name


def _ask(client: Client, method: str, url: str, data: dict):
    with transaction.atomic():
        response = client.post(url, data) if method == "post" else client.get(url, data)
        transaction.set_rollback(True)
    return response


def _no_unescaped_marker(response) -> bool:
    body = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text/") else ""
    return MARKER not in body


def _check(response, method: str, url: str, data: dict) -> None:
    assert response.status_code < 500, (method, url, data)
    assert _no_unescaped_marker(response), (method, url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_rows("get")))
def test_junk_in_a_pages_forms_and_list_never_gives_a_500(world, name):
    """A page's list (its query parameters) and each form it shows, sent where its HTML sends it."""
    _fuzz_page(world, name, world["objects"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_rows("post")))
def test_junk_posted_to_an_action_never_gives_a_500(world, name):
    """A POST-only view: each form it cleans when posted empty, fuzzed there unless a page's form
    already was (with the page's values)."""
    _fuzz_action(world, name, world["objects"])


def _open_round(objects: dict) -> dict:
    """The demo's open round (Ostrava's second, public, with comments awaiting moderation) in
    place of its published one: the rounds' rows show other forms then (moderation, closing
    early, the public's comment form)."""
    from concepts.rounds.models import Comment, Round, RoundInvitation

    published = objects["round"]
    round = Round.objects.filter(municipality=published.municipality, audience=Round.Audience.PUBLIC,
                                 status__in=[Round.Status.SCHEDULED, Round.Status.OPEN]).exclude(pk=published.pk).get()
    return {**objects, "round": round, "public_round": round,
            "comment": Comment.objects.filter(round=round).order_by("is_public", "pk").first(),
            "round_invitation": RoundInvitation.objects.filter(round=round).order_by("pk").first()}


def _round_being_settled(objects: dict) -> dict:
    """The open round closed early by its gestor, as a round whose comments are being settled
    (the settlement forms, one by one and in bulk)."""
    from concepts.rounds.closing import round_close_early

    objects = _open_round(objects)
    round_close_early(round=objects["round"], actor=objects["round"].created_by)
    objects["round"].refresh_from_db()
    return objects


def _value_submitted(objects: dict) -> dict:
    """The matrix's indicator value submitted for approval: the consultant's approval queue shows
    it with the form approving several at once."""
    from analytics.indicators.services import flag_comment, value_submit
    from analytics.models import ValidationFlag
    from portal.roles import Role

    value = objects["value"]
    actor = _first(value.plan.municipality, Role.GESTOR)
    for flag in value.flags.filter(state=ValidationFlag.State.OPEN):  # the matrix's value is flagged
        flag_comment(flag=flag, actor=actor, comment="Ověřeno v evidenci odboru.")
    value_submit(value=value, actor=actor)
    value.refresh_from_db()
    return objects


def _value_locked(objects: dict) -> dict:
    """The same value approved and locked by a consultant: its page offers to reopen it."""
    from analytics.indicators.services import value_approve, value_lock
    from portal.roles import Role

    objects = _value_submitted(objects)
    value = objects["value"]
    consultant = _first(value.plan.municipality, Role.CONSULTANT)
    value = value_approve(value=value, actor=consultant)
    value_lock(value=value, actor=consultant)
    objects["value"].refresh_from_db()
    return objects


def _first(municipality, role: str):
    """The municipality's first active member in this role (a gestor enters values and uploads
    data; a consultant approves and locks)."""
    from portal.models import Membership

    return Membership.objects.filter(municipality=municipality, role=role, is_active=True).order_by("pk").first().user


def _plan_open(objects: dict) -> dict:
    """A support plan still running (the matrix's may be closed): its page records a review."""
    from pilots.models import SupportPlan

    plan = objects["plan"]
    running = SupportPlan.objects.filter(household=plan.household, closed_on__isnull=True).order_by("pk").first()
    if running is None:
        SupportPlan.objects.filter(pk=plan.pk).update(closed_on=None)
        plan.refresh_from_db()
        running = plan
    return {**objects, "plan": running}


def _central_conference(objects: dict) -> dict:
    """The demo's central conference (the matrix's event may be another): its page takes files."""
    from analytics.models import EventKind, GoodPracticeEvent

    return {**objects,
            "event": GoodPracticeEvent.objects.filter(kind=EventKind.CENTRAL_CONFERENCE).order_by("pk").first()}


def _upload_in_preview(objects: dict) -> dict:
    """A housing-stock workbook of two sheets, uploaded and waiting in its preview with a row
    that has a problem: the preview offers another sheet and to confirm without that row."""
    import io
    from datetime import date as day

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from analytics.datasets.services import dataset_upload_preview
    from analytics.models import Layout
    from portal.roles import Role

    municipality = objects["upload"].municipality
    workbook = Workbook()
    workbook.active.title = "Poznámky"
    stock = workbook.create_sheet("Bytový fond")
    stock.append(["obvod_kod", "obvod", "rok", "stav", "byty", "prazdne", "dluh_kc"])
    stock.append([municipality.code, municipality.name, 2024, "dobrý", 4200, 120, 1_250_000])
    stock.append([municipality.code, municipality.name, 2024, "nevyhovující", "mnoho", 980, 8_000_000])  # a problem
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = dataset_upload_preview(
        municipality=municipality, actor=_first(municipality, Role.GESTOR),
        upload_file=SimpleUploadedFile("fond.xlsx", buffer.getvalue()), title="Bytový fond", source="odbor majetku",
        reference_date=day(2025, 12, 31), layout=Layout.HOUSING_STOCK, options={"sheet": "Bytový fond"})
    return {**objects, "upload": upload}


#: Other states of the world, each a change made for the test and rolled back after it, with the
#: objects it replaces: the rows that use them are fuzzed again there, for the forms only that
#: state shows (a role the demo's state redirects may be let in there).
STATES = {
    "the open round": (_open_round, ("round.", "public_round.", "comment.", "round_invitation.")),
    "a round being settled": (_round_being_settled, ("round.", "public_round.", "comment.", "round_invitation.")),
    "a value waiting for approval": (_value_submitted, ("value.",)),
    "a locked value": (_value_locked, ("value.",)),
    "a running support plan": (_plan_open, ("plan.",)),
    "a central conference": (_central_conference, ("event.",)),
    "an upload in its preview": (_upload_in_preview, ("upload.",)),
}


def _rows_in_states(method: str):
    table = load_table()
    for name in _rows(method):
        args = " ".join(str(v) for v in (row_for(table, name).get("args") or {}).values())
        for state, (_change, uses) in STATES.items():
            if any(arg.startswith(uses) for arg in args.split()) or name in STATE_ROWS.get(state, ()):
                yield pytest.param(state, name, id=f"{state}:{name}")


#: Rows with no object of the state in their address that show it (a queue, a list).
STATE_ROWS = {"a value waiting for approval": ("consultant:approvals",)}


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), list(_rows_in_states("get")))
def test_junk_in_a_pages_forms_never_gives_a_500_in_other_states(world, state, name):
    with transaction.atomic():
        _fuzz_page(world, name, STATES[state][0](world["objects"]), only_new=True)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), list(_rows_in_states("post")))
def test_junk_posted_to_an_action_never_gives_a_500_in_other_states(world, state, name):
    with transaction.atomic():
        _fuzz_action(world, name, STATES[state][0](world["objects"]))
        transaction.set_rollback(True)


def _fuzz_page(world, name: str, objects: dict, *, only_new: bool = False) -> None:
    """The page as each role that opens it sees it (a form may be shown to one role only): its
    list once, by the first role, and each form it shows not fuzzed yet. ``only_new``: another
    state of the world, where the list is not fuzzed again (it was in the demo's own state) and a
    role the demo's state redirects is let in."""
    row = row_for(load_table(), name)
    roles = _roles_in(row, {200, 302} if only_new else {200})
    if not roles:
        pytest.skip("no role of DESIGN §4 opens this page")
    url = _url(name, row, objects)
    why_not, list_done = [], only_new
    for role in roles:
        found = _fuzz_page_as(_client_for(world, role), url, role, list_done)
        if found == "list":
            list_done = True
        elif found is not None:
            why_not.append(found)
    if len(why_not) == len(roles):  # no role was shown a form or a list here
        pytest.skip("; ".join(sorted(set(why_not))))


def _fuzz_page_as(client: Client, url: str, role: str, list_done: bool) -> str | None:
    """Fuzz what this role is shown at ``url``: None when it fuzzed a form, "list" when only a
    list, else why nothing."""
    with _Cleaned() as first, transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    if page.status_code != 200 or page.context is None:
        return f"not an HTML page for {role} ({page.status_code})"
    is_list = isinstance(page.context.get("page"), Page) and not list_done
    offered = html_forms(page.content.decode())
    shown = [(form, where) for form in _forms_in(page.context) if not form.is_bound
             if (where := _where_it_is_sent(form, url, offered))]
    # A form the page cleans from its own query string (a QueryForm: the quote to comment on, the
    # section to show, where to go next), other than the list's filter, which _fuzz_list fuzzes.
    filter_form = getattr(page.context.get("filter"), "form", None)
    queried = list({_name(form): form for form in first.forms
                    if form.fields and form is not filter_form and _name(form) not in {_name(f) for f, _ in shown}
                    }.values())
    if not shown and not queried and not is_list:
        return "neither a form nor a list"

    with _Cleaned() as cleaned:
        if is_list:
            _fuzz_list(client, url, page)
        reached = {}
        for form, where in shown:
            if _key(form, where["url"]) in FUZZED:
                continue
            cleaned.clear()
            _check(_ask(client, where["method"], where["url"], where["values"]), where["method"], where["url"], {})
            reached[_name(form)] = _name(form) in cleaned.names
        for form, where in shown:
            if _key(form, where["url"]) in FUZZED:
                continue  # the same form sent to the same view by another role, page or row of this one
            if not reached[_name(form)]:
                # Another form of the page has the same field names and is the one this HTML sends,
                # or the view answers this role before it cleans the form (a redirect, a refusal):
                # a role it does clean it for fuzzes it.
                continue
            _fuzz_form(client, form, where["url"], where["method"], where["values"], cleaned)
        for form in queried:
            if _key(form, url) not in FUZZED:
                _fuzz_form(client, form, url, "get", {}, cleaned)
        # A <form> of the page that no form of its context renders (a template's own checkboxes: the
        # approval queue's "approve these"): sent with its own values, and each form its view
        # cleans then fuzzed there. Never the ones that sign out or switch the language.
        sent = [where for _form, where in shown]
        for html in offered:
            if html["method"] != "post" or any(html is where for where in sent):
                continue
            target = urljoin(url, html["action"]) if html["action"] else url
            if resolve(urlsplit(target).path).view_name in {*SIGNS_OUT, "set_language"}:
                continue
            cleaned.clear()
            _check(_ask(client, "post", target, html["values"]), "post", target, html["values"])
            for form in [f for f in cleaned.forms if f.fields and _key(f, target) not in FUZZED]:
                _fuzz_form(client, form, target, "post", html["values"], cleaned)
    return "list" if is_list else None


def _fuzz_action(world, name: str, objects: dict, client: Client | None = None) -> None:
    row = row_for(load_table(), name)
    if client is None:
        role = _first_role_in(row, {200, 302, 400})
        if role is None:
            pytest.skip("no role of DESIGN §4 may send it")
        client = _client_for(world, role)
    url = _url(name, row, objects)
    with _Cleaned() as cleaned:
        _check(_ask(client, "post", url, {}), "post", url, {})
        found = [form for form in cleaned.forms if form.fields and _key(form, url) not in FUZZED]
        if not found:
            pytest.skip("no form is cleaned here that a page has not fuzzed already")
        for form in found:
            start = {}
            for field_name, field in form.fields.items():
                initial = form.get_initial_for_field(field, field_name)
                if initial not in (None, "", [], ()):
                    start[form.add_prefix(field_name)] = str(initial)
            _fuzz_form(client, form, url, "post", start, cleaned)


def _fuzz_list(client: Client, url: str, page) -> None:
    filterset = page.context.get("filter")
    filter_form = getattr(filterset, "form", None)
    keys = sorted(set(LIST_KEYS) | set(getattr(filter_form, "fields", {})))
    for params in _edges(filter_form, {}) if filter_form is not None else ():
        _check(_ask(client, "get", url, params), "get", url, params)
    counted = []

    @settings(max_examples=EXAMPLES)
    @given(params=st.dictionaries(st.sampled_from(keys), JUNK, max_size=5))
    def list_params(params):
        response = _ask(client, "get", url, params)
        _check(response, "get", url, params)
        assume(response.context is not None and isinstance(response.context.get("page"), Page))
        counted.append(1)

    list_params()
    assert len(counted) >= EXAMPLES, f"{url}: {len(counted)} of {EXAMPLES} requests reached the list"


def _fuzz_form(client: Client, form: forms.BaseForm, target: str, method: str, start: dict, cleaned: _Cleaned) -> None:
    FUZZED.add(_key(form, target))
    for data in _edges(form, start):
        _check(_ask(client, method, target, data), method, target, data)
    counted = []

    @settings(max_examples=EXAMPLES)
    @given(data=_form_data(form, start))
    def form_junk(data):
        cleaned.clear()
        response = _ask(client, method, target, data)
        _check(response, method, target, data)
        assume(_name(form) in cleaned.names)
        counted.append(1)

    form_junk()
    assert len(counted) >= EXAMPLES, (
        f"{_name(form)} at {method.upper()} {target}: {len(counted)} of {EXAMPLES} requests reached its cleaning")


#: Rows only a superuser opens (no role of DESIGN §4): the accessibility reports' queue.
SUPERUSER_ROWS = ("accessibility:queue", "accessibility:answer")


@pytest.mark.django_db
@pytest.mark.parametrize("name", SUPERUSER_ROWS)
def test_junk_in_the_superusers_pages_never_gives_a_500(world, name, django_user_model):
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        client.force_login(django_user_model.objects.create_superuser("fuzz.admin", "admin@example.org"))
        row = row_for(load_table(), name)
        if row.get("method") == "post":
            _fuzz_action(world, name, world["objects"], client=client)
        elif (why := _fuzz_page_as(client, _url(name, row, world["objects"]), "superuser", False)) not in (None, "list"):
            pytest.fail(f"{name}: {why}")
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_junk_in_an_invitation_never_gives_a_500(world):
    """The matrix opens the invitation page with a token that is not one (410); here with a real
    invitation's, as the invited person, not signed in."""
    from portal.roles import Role
    from portal.services import invitation_create, invitation_token

    with transaction.atomic():
        invitation = invitation_create(municipality=world["kladno"], email="nova.partnerka@example.org",
                                       role=Role.PARTNER, actor=world["users"]["gestor"])
        url = reverse("invitation_accept", args=[invitation_token(invitation)])
        assert _fuzz_page_as(Client(raise_request_exception=False), url, "anonymous", False) is None
        transaction.set_rollback(True)


#: Form classes that are only bases of others (fuzzed as those).
BASES = {"portal.concurrency.VersionedFormMixin", "portal.concurrency.BatchVersionedFormMixin",
         "portal.lists.QueryForm", "concepts.rounds.forms.SettlementForm"}
#: The forms this module cannot reach, and why (each then needs a test of its bad input elsewhere).
#: None today: a form only some state of the world shows has its state in ``STATES``.
NOT_FUZZED: dict[str, str] = {}


def _portal_forms() -> set[str]:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view module, and the forms they define

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    apps = {"portal", "concepts", "analytics", "pilots", "workgroups"}
    return {f"{cls.__module__}.{cls.__qualname__}" for cls in below(forms.BaseForm)
            if cls.__module__.split(".")[0] in apps} - BASES


def test_every_form_of_the_portal_was_fuzzed(request):
    """Runs last: each form class of the portal was fuzzed by one of the tests above, or is listed
    in ``NOT_FUZZED`` with the reason (and the test that covers it instead)."""
    everything = (len(list(_rows("get"))) + len(list(_rows("post"))) + len(list(_rows_in_states("get")))
                  + len(list(_rows_in_states("post"))) + len(SUPERUSER_ROWS) + 2)
    if sum(item.module is request.module for item in request.session.items) < everything:
        pytest.skip("only when the whole module runs")
    fuzzed = {form for form, _view in FUZZED}
    missing = sorted(_portal_forms() - fuzzed - set(NOT_FUZZED))
    assert not missing, f"{len(missing)} forms were not fuzzed: {missing}"
    assert not (fuzzed & set(NOT_FUZZED)), "a form listed as not fuzzed was fuzzed: take it off the list"
