"""Issue 9, "one way to do each thing", checked over the whole tree:

- templates and views compare no status or kind against a string literal (a model property or
  method says it once: ``meeting.is_cancelled``, ``job.is_done``);
- no service takes an ``HttpRequest`` (it gets what it needs: the actor, the client's address …);
- the acting user of a service is ``actor``;
- no view reads the query string by hand (``request.GET.get(…)``, ``request.GET[…]``): lists go
  through ``portal.lists`` (``list_page``, ``paginate``), other parameters through a ``QueryForm``
  or a form bound to ``request.GET``;
- every FilterSet is a ``portal.lists.ListFilterSet`` and sorts (an ``OrderingFilter``);
- no view starts a job itself: an app service ``…_start`` calls ``portal.jobs.job_start``;
- every date a form or a list's filter takes is a ``portal.form_fields`` date (bounded, so that
  counting from it cannot overflow), every many-to-many choice a ``portal.form_fields`` one; a
  ModelForm gets them for its generated fields through ``Meta.formfield_callback``; a declared
  integer is a ``portal.form_fields.IntegerField`` (bounded to its column), a decimal has its digits.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "workgroups", "concepts", "pilots", "analytics"]

FIELD = r"[\w.]*(?:status|kind|state|audience|source|level)\w*"
LITERAL = r"""["'][\w-]+["']"""
COMPARISON = re.compile(rf"\b{FIELD}\s*(?:==|!=)\s*{LITERAL}|{LITERAL}\s*(?:==|!=)\s*{FIELD}\b")

# Services whose ``user`` is the person acted upon (or asked about), not the one acting: each with why.
USER_IS_THE_SUBJECT = {
    "portal.services.membership_grant": "the person who gets the membership",
    "portal.services.invitation_accept": "the account the invitation is accepted into (new or existing)",
    "workgroups.services.member_add": "the account of the new group member; the actor is ``actor``",
    "portal.otp_services.totp_pending": "the person whose own second-factor device is being set up",
    "portal.otp_services.totp_confirm": "the person whose own second-factor device is confirmed",
    "portal.otp_services.recovery_codes_new": "the person whose recovery codes are replaced",
    "portal.otp_services.second_factor_verify": "the person logging in, checked against their device",
    "portal.people_services.session_record": "the person whose session is recorded",
    "portal.people_services.sessions_end_for": "the person whose sessions are ended",
    "portal.notifications.notify": "the person the notification is for",
    "portal.notifications.get_profile": "the person whose profile it is",
    "portal.jobs.can_download": "a question: may this person download the job's file",
    "analytics.report.indicator_charts": "the reader whose view of the charts is built",
    "analytics.report.report_data": "the reader whose view of the report is built",
}
# Modules holding services that are not called services.py (nor in a services/ package).
EXTRA_SERVICE_MODULES = [
    "concepts.focus_findings", "concepts.rounds.publishing", "concepts.rounds.closing",
    "concepts.rounds.receipts", "analytics.indicators.entry", "analytics.indicators.measures",
    "analytics.report", "portal.jobs", "portal.audit", "portal.notifications",
]
# Helpers in service modules that are called by views to take what a service needs out of the request.
READS_THE_REQUEST = {"portal.audit.client_ip": "a view passes its result to ``audit(ip=...)``"}
OTHER_NAMES_OF_THE_ACTOR = {"user", "by", "created_by", "invited_by", "worker", "request"}


READS_THE_QUERY_STRING = re.compile(r"request\.GET\s*(?:\.get\s*\(|\[)")
STARTS_A_JOB = re.compile(r"\bjob_start\b")
# FilterSets that sort otherwise: the dashboard sorts by columns computed in Python (its own
# ``sort`` choice); a group's member table only shows current or former members.
SORT_OTHERWISE = {"analytics.dashboard.DashboardFilter", "workgroups.filters.GroupMemberFilter"}


def comparisons(text: str) -> list[str]:
    return [m.group(0) for m in COMPARISON.finditer(text)]


def _templates():
    return sorted((ROOT / "templates").rglob("*.html"))


def _views():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            if path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views":
                yield path


def _app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _subclasses_in_apps(base) -> list[type]:
    for path in _app_modules():
        importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted({cls for cls in subclasses(base) if cls.__module__.split(".")[0] in APPS},
                  key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _filtersets():
    import django_filters

    return _subclasses_in_apps(django_filters.FilterSet)


def _unbounded_fields(fields: dict) -> list[str]:
    from django import forms

    from portal import form_fields

    wrong = []
    for name, field in fields.items():
        kind = field if isinstance(field, type) else type(field)
        if issubclass(kind, forms.DateTimeField) and not issubclass(kind, form_fields.DateTimeField):
            wrong.append(f"{name}: {kind.__name__}")
        elif (issubclass(kind, forms.DateField) and not issubclass(kind, forms.DateTimeField)
              and not issubclass(kind, form_fields.DateField)):
            wrong.append(f"{name}: {kind.__name__}")
        elif issubclass(kind, forms.ModelMultipleChoiceField) and not issubclass(kind, form_fields.ModelMultipleChoiceField):
            wrong.append(f"{name}: {kind.__name__}")
    return wrong


def _unbounded_numbers(fields: dict) -> list[str]:
    """A declared number field: an integer is ``portal.form_fields.IntegerField`` (bounded to its
    column), a decimal says its digits. (A ModelForm's generated number fields are checked against
    their model fields by the model's validation.)"""
    from django import forms

    from portal import form_fields

    wrong = []
    for name, field in fields.items():
        if isinstance(field, forms.DecimalField):  # Django's DecimalField is an IntegerField
            if field.max_digits is None:
                wrong.append(f"{name}: DecimalField without max_digits")
        elif (isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField)
              and not isinstance(field, form_fields.IntegerField)):
            wrong.append(f"{name}: {type(field).__name__}")
    return wrong


def query_string_reads(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if READS_THE_QUERY_STRING.search(line)]


def _service_modules():
    names = list(EXTRA_SERVICE_MODULES)
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "services" in path.stem or path.parent.name == "services":
                names.append(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))
    return [importlib.import_module(name) for name in names]


def _services():
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__}.{name}", inspect.signature(function)


def test_it_recognises_a_comparison_against_a_literal():
    assert comparisons('{% if meeting.status != "cancelled" %}') == ['meeting.status != "cancelled"']
    assert comparisons("if round.status == 'draft':") == ["round.status == 'draft'"]
    assert comparisons('{% if "focus" == group.kind %}') == ['"focus" == group.kind']
    assert comparisons("{% if meeting.is_cancelled %}{% if v == filters.current.status %}") == []


def test_it_finds_no_status_or_kind_literal_in_templates():
    found = {
        str(path.relative_to(ROOT)): comparisons(path.read_text())
        for path in _templates()
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_it_finds_no_status_or_kind_literal_in_views():
    found = {
        str(path.relative_to(ROOT)): comparisons(path.read_text())
        for path in _views()
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_it_inspects_the_services():
    names = {name for name, _ in _services()}
    assert {
        "portal.services.invitation_create", "workgroups.meeting_services.meeting_create",
        "concepts.services.section_update", "concepts.rounds.comment_services.settlement_save",
        "concepts.rounds.publishing.round_publish", "pilots.services.households.household_update",
        "analytics.indicators.services.value_enter", "analytics.datasets.services.dataset_upload_confirm",
        "portal.jobs.job_start", "portal.audit.audit",
    } <= names
    assert set(USER_IS_THE_SUBJECT) <= names  # no stale entry


def test_it_finds_no_service_that_takes_a_request():
    taking = [
        name for name, signature in _services() if name not in READS_THE_REQUEST
        and ("request" in signature.parameters or any("HttpRequest" in str(p.annotation) for p in signature.parameters.values()))
    ]
    assert taking == []


def test_it_names_the_acting_user_actor():
    found = [
        f"{name}({', '.join(sorted(OTHER_NAMES_OF_THE_ACTOR & set(signature.parameters)))})"
        for name, signature in _services()
        if name not in {**USER_IS_THE_SUBJECT, **READS_THE_REQUEST} and OTHER_NAMES_OF_THE_ACTOR & set(signature.parameters)
    ]
    assert found == []


def test_it_types_the_actor_user():
    untyped = [name for name, signature in _services() if "actor" in signature.parameters
               and not str(signature.parameters["actor"].annotation).startswith("User")]
    assert untyped == []



def test_it_recognises_a_query_string_read_by_hand():
    assert query_string_reads('    page = request.GET.get("page")\n') == ['page = request.GET.get("page")']
    assert query_string_reads('    pk = request.GET["section"]\n') == ['pk = request.GET["section"]']
    assert query_string_reads("    form = CompareForm(request.GET or None)\n    QuoteQuery.of(request)\n") == []


def test_it_finds_no_query_string_read_by_hand_outside_portal_lists():
    found = {
        str(path.relative_to(ROOT)): query_string_reads(path.read_text())
        for path in _app_modules() if path != ROOT / "portal" / "lists.py"
    }
    assert {path: reads for path, reads in found.items() if reads} == {}


def test_it_finds_no_view_that_starts_a_job_itself():
    found = [str(path.relative_to(ROOT)) for path in _views() if STARTS_A_JOB.search(path.read_text())]
    assert found == []


def test_it_finds_every_filterset_a_list_filterset_that_sorts():
    import django_filters

    from portal.lists import ListFilterSet

    filtersets = {f"{cls.__module__}.{cls.__name__}": cls for cls in _filtersets()}
    assert "concepts.rounds.filters.SettlementTableFilter" in filtersets
    assert [name for name, cls in filtersets.items() if not issubclass(cls, ListFilterSet)] == []
    unsorted = [name for name, cls in filtersets.items() if cls is not ListFilterSet and name not in SORT_OTHERWISE
                and not any(isinstance(f, django_filters.OrderingFilter) for f in cls.base_filters.values())]
    assert unsorted == []


def test_it_names_the_version_a_service_expects_expected_version():
    """The version the edit form loaded is ``expected_version`` (portal/concurrency.py) in every service."""
    assert [name for name, signature in _services() if "edit_version" in signature.parameters] == []


def test_it_recognises_an_unbounded_number_field():
    from django import forms

    from portal import form_fields

    assert _unbounded_numbers({"a": forms.IntegerField(), "b": form_fields.IntegerField(), "c": forms.DecimalField(),
                               "d": forms.DecimalField(max_digits=5)}) == ["a: IntegerField",
                                                                            "c: DecimalField without max_digits"]


def test_it_recognises_an_unbounded_date_field():
    from django import forms

    from portal import form_fields

    assert _unbounded_fields({"a": forms.DateField(), "b": forms.DateTimeField(), "c": form_fields.DateField(),
                              "d": form_fields.DateTimeField(), "e": forms.CharField()}) == ["a: DateField",
                                                                                             "b: DateTimeField"]


def test_every_form_and_filter_takes_dates_and_numbers_through_the_portals_bounded_fields():
    from django import forms

    found = {}
    for cls in _subclasses_in_apps(forms.BaseForm):
        wrong = _unbounded_fields(getattr(cls, "base_fields", {})) + _unbounded_numbers(getattr(cls, "declared_fields", {}))
        if wrong:
            found[f"{cls.__module__}.{cls.__name__}"] = wrong
    for cls in _filtersets():
        if wrong := _unbounded_fields({name: f.field_class for name, f in cls.base_filters.items()}):
            found[f"{cls.__module__}.{cls.__name__}"] = wrong
    assert found == {}
