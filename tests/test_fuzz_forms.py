"""Bad input everywhere (issue 13, acceptance 5): Hypothesis sends junk to every form and to every
list's query parameters, and nothing answers 500 or shows the junk unescaped.

The forms and lists are found, not listed: every URL of ``tests/url_matrix.yaml`` is opened by a
role the table lets in (gestor first); a page whose context holds a form is a form to fuzz, a page
with a paginated ``page`` is a list. The demo data are loaded once for the module; every example
runs in a savepoint that is rolled back.

Each form gets ``FORM_EXAMPLES`` examples validated against the form the view built (fast: the
form's own cleaning, ModelForm instance checks included) and ``VIEW_EXAMPLES`` of them posted to
the view itself (service, template). Each list gets ``LIST_EXAMPLES`` requests. Profiles: ``ci``
(default: 200 examples, no deadline) and ``dev`` (``HYPOTHESIS_PROFILE=dev``: 25, quick).
"""

from __future__ import annotations

import copy
import os
from datetime import date

import pytest
from django import forms
from django.core.paginator import Page
from django.db import transaction
from django.template import Context
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_url_matrix as matrix
from tests.test_url_matrix import CHECKED, _url, codes, load_table, row_for

world = matrix.world  # the demo data, loaded once for this module as well

# "full" is the bar: 200 examples for every form and every list, posted and asked through
# HTTP (HYPOTHESIS_PROFILE=full; about an hour on two cores). "ci", the default of `make test`, keeps
# the suite within its budget: 200 examples of every form's cleaning (in-process, cheap), and fewer
# HTTP requests per form and per list. "dev" is for a quick look.
_COMMON = {"deadline": None, "database": None,
           "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("full", max_examples=200, **_COMMON)
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("dev", max_examples=25, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
FORM_EXAMPLES = settings().max_examples
VIEW_EXAMPLES = FORM_EXAMPLES if PROFILE == "full" else max(5, FORM_EXAMPLES // 20)
LIST_EXAMPLES = FORM_EXAMPLES if PROFILE == "full" else max(5, FORM_EXAMPLES // 10)
MARKER = "<script>fz()</script>"

JUNK = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
    st.sampled_from(["", " ", "-1", "0", "1", "abc", MARKER, "9" * 30, "2026-02-30", "31. 12. 2026", "1,5", "1.5",
                     "on", "true", "' OR 1=1 --", "../../etc/passwd", "%00", "💥", "1e309", "NaN"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates(min_value=date(1, 1, 1)).map(str),
)
LIST_KEYS = ["page", "sort", "q", "status", "kind", "programme", "group", "when", "method", "mine", "overdue",
             "inactive", "phase", "action", "since", "until", "actor", "object", "object_type", "former", "stage",
             "round", "priority", "responsible", "funding_source", "linked", "year", "indicator", "municipality",
             "answer", "assigned", "district", "is_active", "owner", "role", "same", "section", "settled", "show",
             "state"]


def _field_values(field: forms.Field) -> st.SearchStrategy:
    options = [JUNK]
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


def _form_data(form: forms.BaseForm) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={
        form.add_prefix(name): _field_values(field) for name, field in form.fields.items()
    })


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


def _first_role_in(world, name: str, row: dict) -> tuple[str, Client, str] | None:
    expected = codes(row["own"])
    for role in ("gestor", "coordinator", "writer", "social_worker", "member", "partner", "consultant"):
        if expected[role] == 200:
            client = Client(raise_request_exception=False)
            client.force_login(world["users"][role])
            return role, client, _url(name, row, world["objects"])
    return None


def _targets():
    table = load_table()
    for name in CHECKED:
        row = row_for(table, name)
        if row.get("wildcard") or row.get("skip") or row.get("method", "get") != "get" or row.get("fuzz") is False:
            continue
        yield name


def _rebound(form: forms.BaseForm, data: dict) -> forms.BaseForm:
    clone = copy.copy(form)
    clone.data, clone.files, clone.is_bound, clone._errors = data, {}, True, None
    clone.fields = copy.deepcopy(form.fields)
    if hasattr(clone, "cleaned_data"):
        del clone.cleaned_data
    if isinstance(form, forms.BaseModelForm):
        clone.instance = copy.copy(form.instance)
    return clone


def _ask(client: Client, method: str, url: str, data: dict):
    with transaction.atomic():
        response = client.post(url, data) if method == "post" else client.get(url, data)
        transaction.set_rollback(True)
    return response


def _no_unescaped_marker(response) -> bool:
    body = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text/") else ""
    return MARKER not in body


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(_targets()))
def test_junk_in_a_form_or_a_list_never_gives_a_500(world, name):
    row = row_for(load_table(), name)
    entry = _first_role_in(world, name, row)
    if entry is None:
        pytest.skip("no role of DESIGN §4 opens this page")
    role, client, url = entry
    with transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    if page.status_code != 200 or page.context is None:
        pytest.skip(f"not an HTML page for {role} ({page.status_code})")
    page_forms = [f for f in _forms_in(page.context) if not f.is_bound]
    is_list = isinstance(page.context.get("page"), Page)
    if not page_forms and not is_list:
        pytest.skip("neither a form nor a list")

    if is_list:
        @settings(max_examples=LIST_EXAMPLES)
        @given(params=st.dictionaries(st.sampled_from(LIST_KEYS), JUNK, max_size=5))
        def list_params(params):
            response = _ask(client, "get", url, params)
            assert response.status_code < 500, (url, params)
            assert _no_unescaped_marker(response), (url, params)

        list_params()

    for form in page_forms:
        _fuzz_form(form, client, url)


def _fuzz_form(form: forms.BaseForm, client: Client, url: str) -> None:
    @settings(max_examples=FORM_EXAMPLES)
    @given(data=_form_data(form))
    def form_cleaning(data):
        with transaction.atomic():
            _rebound(form, data).is_valid()
            transaction.set_rollback(True)

    @settings(max_examples=VIEW_EXAMPLES)
    @given(data=_form_data(form))
    def form_posting(data):
        response = _ask(client, "post", url, data)
        assert response.status_code < 500, (url, data)
        assert _no_unescaped_marker(response), (url, data)

    form_cleaning()
    form_posting()
