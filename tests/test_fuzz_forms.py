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
A POST-only view (an action) is posted empty, and each form it cleans is fuzzed there, unless a
page already sent that form to that view (``FUZZED``: once per form and view, so the form of each
row of a list is fuzzed once).

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
from django.urls import resolve
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


def _first_role_in(row: dict, allowed: set[int]) -> str | None:
    """The first role of DESIGN §4 the row lets in, else the anonymous visitor (the sign-in page,
    the public comment form)."""
    expected = codes(row["own"])
    return next((role for role in ("gestor", "coordinator", "writer", "social_worker", "member", "partner",
                                   "consultant", "anonymous") if expected[role] in allowed), None)


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
    row = row_for(load_table(), name)
    role = _first_role_in(row, {200})
    if role is None:
        pytest.skip("no role of DESIGN §4 opens this page")
    client, url = _client_for(world, role), _url(name, row, world["objects"])
    with transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    if page.status_code != 200 or page.context is None:
        pytest.skip(f"not an HTML page for {role} ({page.status_code})")
    is_list = isinstance(page.context.get("page"), Page)
    offered = html_forms(page.content.decode())
    shown = [(form, where) for form in _forms_in(page.context) if not form.is_bound
             if (where := _where_it_is_sent(form, url, offered))]
    if not shown and not is_list:
        pytest.skip("neither a form nor a list")

    with _Cleaned() as cleaned:
        if is_list:
            _fuzz_list(client, url, page)
        reached = {}
        for form, where in shown:
            cleaned.clear()
            _check(_ask(client, where["method"], where["url"], where["values"]), where["method"], where["url"], {})
            reached[_name(form)] = _name(form) in cleaned.names
        for form, where in shown:
            if not reached[_name(form)] and any(
                    reached[_name(other)] and there is where and other is not form for other, there in shown):
                continue  # another form of the page has the same field names and is the one this HTML sends
            if _key(form, where["url"]) in FUZZED:
                continue  # the same form sent to the same view from another page or another row of this one
            _fuzz_form(client, form, where["url"], where["method"], where["values"], cleaned)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_rows("post")))
def test_junk_posted_to_an_action_never_gives_a_500(world, name):
    """A POST-only view: each form it cleans when posted empty, fuzzed there unless a page's form
    already was (with the page's values)."""
    row = row_for(load_table(), name)
    role = _first_role_in(row, {200, 302, 400})
    if role is None:
        pytest.skip("no role of DESIGN §4 may send it")
    client, url = _client_for(world, role), _url(name, row, world["objects"])
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
