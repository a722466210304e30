"""No silent overwrite: every form a view uses to change an existing row of tenant data carries
the optimistic lock (``edit_version``, portal/concurrency.py), unless it is listed below with the
reason it needs none.

The edit forms are found in the views' source, so a new one cannot slip past:
* a form built with ``instance=`` (a model form bound to a row), or
* a form built in a view that calls a service which changes a row (``*_update``, ``*_save``,
  ``*_settle``, ``*_record``, ``*_decide``, ``*_change_role``, ``*_set_active``, …), or hands one to
  a helper that calls it (``_call(form, services.rent_record, …)``).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

from django import forms

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "workgroups", "concepts", "pilots", "analytics"]
CHANGING_SERVICE = re.compile(
    r"_(update|edit|save|settle|record|decide|moderate|change_role|set_active|assign\w*|rename|move)$"
)

# Forms that truly need no version check. Keep each reason honest; an entry here is a decision.
NO_VERSION_NEEDED = {
    # A person's own settings: one owner, nobody else edits this row.
    "portal.forms.ProfileForm": "single owner: a person's own profile",
    # A comment is edited only by its author (rounds/access.py, own_comment_for), before the deadline.
    "concepts.rounds.forms.CommentEditForm": "single owner: the author's own comment",
    # Sets a programme's social workers with its own optimistic check: the assignment as loaded
    # travels in the form ('loaded'), and a changed one is refused (tests/portal/test_people.py).
    "portal.people_forms.ProgrammeSocialWorkersForm": "checked against the loaded assignment instead",
    # Assigns several comments at once: each row's assignee as loaded travels in the form
    # ('loaded_assignees'), and a comment reassigned meanwhile refuses the whole batch
    # (tests/rounds/test_batch_locks.py).
    "concepts.rounds.forms.AssignForm": "checked against the loaded assignees instead",
}

# Forms the search above finds only because their view also calls a changing service (or a
# helper whose name looks like one): they change no existing row themselves.
NOT_AN_EDIT = {
    # Shown unbound on the value page (value_detail, which saves the value through versioned_edit);
    # they post to value_step and flag_comment: transitions from a state, refused once done.
    "analytics.indicators.forms.ReviewForm": "shown on the value page; a state transition elsewhere",
    "analytics.indicators.forms.ReopenForm": "shown on the value page; a state transition elsewhere",
    "analytics.indicators.forms.FlagCommentForm": "shown on the value page; posted to flag_comment",
    # Adds a new self-assessment; a second one of the same day is refused (services.fidelity_assessment_record).
    "pilots.forms.FidelityAssessmentForm": "creates a new row only",
    # Uploads a new file to an event; the view also records attendance, hence the match.
    "analytics.agency.forms.EventFileForm": "creates a new row only",
    # Approves submitted periods: only SUBMITTED values are choices, so a period someone else has
    # approved meanwhile is refused, never approved twice. Matched through the helper ``_assigned``.
    "analytics.indicators.forms.BulkApproveForm": "a transition from SUBMITTED, refused once done",
    # Decides an open referral; referral_decide locks the row and refuses a decided one
    # (tests/pilots/test_transitions_refused_once_done.py). Matched through ``_call(…, services.referral_decide)``.
    "pilots.forms.DecisionForm": "a transition from an open referral, refused once done",
    # Records the exit of a placement; a second exit is refused under the placement's row lock
    # (tests/pilots/test_transitions_refused_once_done.py).
    "pilots.forms.ExitForm": "creates the exit; a second one is refused",
    # The phone form: picks a household and adds a new contact (services.contact_record).
    "pilots.forms.HouseholdPickForm": "creates a new row only",
    "pilots.forms.QuickContactForm": "creates a new row only",
    # Fills in the review that is due (a row with no date yet) and schedules the next one; a
    # review once recorded is never changed by it; the review it saw as due travels with it, so a
    # second session recording at the same moment is refused under the plan's row lock
    # (services.plan_review_record, tests/pilots/test_plan_review_lock.py).
    "pilots.forms.ReviewForm": "fills in the due review only, never a recorded one",
}

def _project_forms() -> dict[str, type]:
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name or info.name.endswith(".tests"):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == info.name:
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def _view_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and ("views" in path.name or "views" in path.parts):
                files.append(path)
    return files


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _imported_forms(path: Path, tree: ast.Module, known: dict[str, type]) -> dict[str, str]:
    """Names a view module imports → the qualified form they are (``from ..forms import X``)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
        module = ".".join([*base, node.module] if node.module else base)
        for alias in node.names:
            if f"{module}.{alias.name}" in known:
                names[alias.asname or alias.name] = f"{module}.{alias.name}"
    for qualified in known:  # forms defined in the view module itself
        module, name = qualified.rsplit(".", 1)
        if module == package + "." + path.stem:
            names[name] = qualified
    return names


@cache
def edit_forms() -> dict[str, set[str]]:
    """Qualified form name → the views (file:function) that use it to change an existing row."""
    known = _project_forms()
    result: dict[str, set[str]] = {}
    for path in _view_files():
        tree = ast.parse(path.read_text())
        by_name = {name: [qualified] for name, qualified in _imported_forms(path, tree, known).items()}
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)]
            # A service called, or handed to a helper that calls it (``_call(form, services.x_record, …)``).
            passed = [a for c in calls for a in c.args if isinstance(a, ast.Name | ast.Attribute)]
            changes = any(CHANGING_SERVICE.search(_called_name(c) or "") for c in calls) or any(
                CHANGING_SERVICE.search(a.attr if isinstance(a, ast.Attribute) else a.id) for a in passed)
            for call in calls:
                name = _called_name(call)
                if name not in by_name:
                    continue
                with_instance = any(k.arg == "instance" for k in call.keywords)
                if with_instance or changes:
                    for qualified in by_name[name]:
                        result.setdefault(qualified, set()).add(f"{path.relative_to(ROOT)}:{function.name}")
    return result


def is_versioned(qualified: str) -> bool:
    """One row: ``edit_version`` (VersionedFormMixin). Several rows: ``edit_versions``, one per row
    (BatchVersionedFormMixin)."""
    form_class = _project_forms()[qualified]
    return "edit_version" in form_class.base_fields or "edit_versions" in form_class.base_fields


def test_it_finds_the_edit_forms():
    found = edit_forms()
    for known in ("workgroups.forms.MinutesForm", "workgroups.forms.GroupForm", "workgroups.forms.MilestoneForm",
                  "portal.people_forms.MembershipRoleForm", "concepts.forms.SectionForm"):
        assert known in found, sorted(found)


def test_every_edit_form_carries_the_version_check():
    missing = {
        name: sorted(views) for name, views in edit_forms().items()
        if not is_versioned(name) and name not in set(NO_VERSION_NEEDED) | set(NOT_AN_EDIT)
    }
    assert not missing, (
        "These forms change an existing row without an optimistic lock (portal/concurrency.py, "
        f"VersionedFormMixin + update_if_unchanged): {missing}"
    )


def test_the_lists_hold_only_real_edit_forms_without_a_version():
    found = edit_forms()
    for listed in (NO_VERSION_NEEDED, NOT_AN_EDIT):
        stale = [name for name in listed if name not in found or is_versioned(name)]
        assert not stale, f"versioned now or no longer an edit form, remove from the list: {stale}"
