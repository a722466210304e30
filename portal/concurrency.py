"""Optimistic locking: one way for every record that several people may edit.

A record carries an integer ``edit_version``. The edit form sends back the version it loaded
(:class:`VersionedFormMixin`), and the service saves with :func:`update_if_unchanged`: a
conditional UPDATE that touches the row only while its version is still the one loaded. Zero
rows updated means someone saved first; :class:`EditConflict` then carries what they saved, the
view shows both versions (``templates/portal/partials/edit_conflict.html``) with status 409, and
the form is re-bound to their version, so that saving again is a deliberate choice.

A view does all of that in one call: :func:`versioned_edit` for an edit page of its own,
:func:`versioned_action` for a small form posted from a list or detail page. A form that changes
several rows at once (:class:`BatchVersionedFormMixin`) sends back each row's version, and its
service refuses the whole batch with :class:`BatchConflict` when any of them changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .form_fields import IntegerField
from .forms import add_service_errors, add_service_messages

VERSION_FIELD = "edit_version"


class EditConflict(Exception):
    """Someone saved the record after this person loaded it. ``current`` is what they saved."""

    def __init__(self, current: models.Model):
        super().__init__("edit conflict")
        self.current = current


class BatchConflict(ValidationError):
    """Some rows of a batch were saved by someone else after this person loaded them: the whole batch
    is refused and nothing is saved. ``labels`` name those rows for the person (e.g. comment numbers)."""

    def __init__(self, labels: list[str]):
        super().__init__(
            _("Someone else changed %(list)s after you loaded the page. Nothing was saved: check them "
              "and send the batch again.") % {"list": ", ".join(labels)}
        )
        self.labels = labels


def update_if_unchanged(
    queryset: models.QuerySet, *, pk: Any, expected_version: int | None, fields: dict[str, Any]
) -> None:
    """Write ``fields`` to the row ``pk`` of ``queryset`` and bump its version, unless its version
    is no longer ``expected_version``: then raise :class:`EditConflict` and write nothing.
    ``expected_version`` None (a caller without an edit form: the demo data, a task) writes and
    bumps without the check.

    Callers run this inside their own transaction; the UPDATE's row lock serialises two saves, so
    exactly one of them sees its version and wins."""
    if expected_version is None:
        queryset.filter(pk=pk).update(**{VERSION_FIELD: F(VERSION_FIELD) + 1}, **fields)
        return
    updated = queryset.filter(pk=pk, **{VERSION_FIELD: expected_version}).update(
        **{VERSION_FIELD: F(VERSION_FIELD) + 1}, **fields
    )
    if updated:
        return
    current = queryset.filter(pk=pk).first()
    if current is None:
        raise ValidationError(_("This record was deleted by someone else in the meantime."))
    raise EditConflict(current)


def save_keyed(queryset: models.QuerySet, *, key: dict[str, Any], expected_version: int | None,
               fields: dict[str, Any]) -> models.Model:
    """Save the one row of ``queryset`` that ``key`` names (a settlement of a comment, a month of
    rent): create it when there is none, otherwise update it with the optimistic lock. The person
    who saw no row sends 0, so a row someone created meanwhile raises :class:`EditConflict` with it,
    as does a version that moved on. ``expected_version`` None (no form): update without a check."""
    existing = queryset.filter(**key).values_list("pk", flat=True).first()
    if existing is None:
        try:
            with transaction.atomic():
                return queryset.create(**key, **fields)
        except IntegrityError:  # someone created it a moment ago
            raise EditConflict(queryset.get(**key)) from None
    update_if_unchanged(queryset, pk=existing, expected_version=expected_version, fields=fields)
    return queryset.get(pk=existing)


class VersionedFormMixin(forms.Form):
    """Adds the hidden ``edit_version`` an edit form sends back: the version the person loaded."""

    edit_version = IntegerField(widget=forms.HiddenInput, min_value=0)
    #: A form that saves a row two people may create at once (one per key, see :func:`save_keyed`)
    #: sets this to 0: "I saw no row". Otherwise a model form creating a row has no version.
    version_when_new: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if self.version_when_new is not None and (instance is None or instance.pk is None):
            self.initial.setdefault(VERSION_FIELD, self.version_when_new)
        elif instance is not None and instance.pk is None:
            del self.fields[VERSION_FIELD]  # a model form creating a row: nothing to compare with
        elif instance is not None:
            self.initial.setdefault(VERSION_FIELD, getattr(instance, VERSION_FIELD))

    def rebind_to(self, current: models.Model) -> None:
        """After a conflict: keep the person's input, but carry the other person's version."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(getattr(current, VERSION_FIELD))
        self.data = data


class VersionsField(forms.Field):
    """The versions of the rows a batch form shows: one hidden ``pk:version`` value per row."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": gettext_lazy("The page is out of date. Reload it.")}

    def to_python(self, value) -> dict[int, int]:
        if not value:
            return {}
        versions = {}
        for item in value if isinstance(value, list | tuple) else [value]:
            pk, _sep, version = str(item).partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            versions[int(pk)] = int(version)
        return versions


class BatchVersionedFormMixin(forms.Form):
    """Adds ``edit_versions`` to a form that changes several rows: the version of each row as the
    person loaded it (``pk:version``; 0 for a row that did not exist yet)."""

    edit_versions = VersionsField(required=False)


def conflict_rows(form: forms.BaseForm, current: models.Model) -> list[dict[str, Any]]:
    """Both versions, field by field, for the conflict page: the saved value and the person's own
    input, for every visible field of ``form`` that ``current`` has; ``changed`` marks a difference.
    A form whose fields are not named as the record's attributes says what the saved values are in
    ``theirs(current) -> {field name: value}``."""
    rows = []
    named = form.theirs(current) if hasattr(form, "theirs") else {}
    for name, field in form.fields.items():
        if name == VERSION_FIELD or isinstance(field.widget, forms.HiddenInput):
            continue
        if name in named:
            theirs_text = "" if named[name] is None else str(named[name])
        elif hasattr(current, name):
            theirs = getattr(current, name)
            display = getattr(current, f"get_{name}_display", None)
            theirs_text = display() if callable(display) else ("" if theirs is None else str(theirs))
        else:
            continue
        bound = form[name]
        yours = bound.value()
        if isinstance(yours, list | tuple):  # several choices: their labels, as ``theirs`` names them
            yours_text = ", ".join(sorted(_choice_labels(field, yours)))
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            yours_text = dict(field.choices).get(yours, yours)
        else:
            yours_text = "" if yours is None else str(yours)
        rows.append({
            "label": bound.label, "theirs": theirs_text, "yours": str(yours_text),
            "changed": theirs_text != str(yours_text),
        })
    return rows


def _choice_labels(field: forms.Field, values) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return [field.label_from_instance(obj) for obj in field.queryset.filter(pk__in=[v for v in values if v])]
    labels = dict(getattr(field, "choices", ()))
    return [str(labels.get(v, v)) for v in values]


def without_version(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data for the service, without the version it sends back separately."""
    return {k: v for k, v in form.cleaned_data.items() if k != VERSION_FIELD}


def changed_without_version(form: forms.BaseForm) -> dict[str, Any]:
    """Only the fields the person changed, for a service that saves just those."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name != VERSION_FIELD}


def conflict_context(form: forms.BaseForm, conflict: models.Model | None, cancel_url: str) -> dict[str, Any]:
    """The context of ``portal/partials/edit_conflict.html`` after a conflicting save (or none)."""
    if conflict is None:
        return {"conflict": None}
    return {"conflict": conflict, "conflict_rows": conflict_rows(form, conflict), "cancel_url": cancel_url}


def _save(form: forms.BaseForm, save: Callable[[int | None, dict[str, Any]], Any]):
    """Call the service with the version the form sent back and the rest of its data."""
    return save(form.cleaned_data.get(VERSION_FIELD), without_version(form))


def versioned_edit(
    request,
    form: forms.BaseForm,
    save: Callable[[int | None, dict[str, Any]], Any],
    *,
    template: str,
    context: dict[str, Any] | Callable[[models.Model | None], dict[str, Any]],
    success_url: str | Callable[[Any], str],
    cancel_url: str | None,
    success_message: str | Callable[[Any], str] = "",
) -> HttpResponse:
    """The one way of an edit page with the optimistic lock.

    On a valid POST it calls ``save(version, data)`` (the version the form sent back and its other
    cleaned data), which calls the service. Then:

    * saved: ``success_message`` and a redirect to ``success_url`` (either may be a function of
      what the service returned);
    * :class:`EditConflict`: the page again with status 409, both versions
      (``portal/partials/edit_conflict.html`` reads ``conflict``, ``conflict_rows``, ``cancel_url``)
      and the form re-bound to the saved version;
    * a ``ValidationError`` of the service: its messages on the form (``add_service_errors``).

    ``context`` is the page's own context, or a function of the conflicting record (None without one).
    """
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = _save(form, save)
        except EditConflict as exc:
            conflict = exc.current
            form.rebind_to(conflict)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message = success_message(result) if callable(success_message) else success_message
            if message:
                messages.success(request, message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    extra = context(conflict) if callable(context) else context
    return render(request, template, {**extra, "form": form, **conflict_context(form, conflict, cancel_url)},
                  status=409 if conflict else 200)


def versioned_action(
    request,
    form: forms.BaseForm,
    save: Callable[[int | None, dict[str, Any]], Any],
    *,
    back_url: str,
    success_message: str,
    invalid_message: str,
    title: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one way of a small versioned form posted from a list or detail page (it has no page of its
    own). Saved, refused by the service (``add_service_messages``) or invalid: back to ``back_url``
    with a message. :class:`EditConflict`: the conflict page (``portal/edit_conflict_page.html``,
    status 409) with both versions and the form re-bound to the saved one, ready to be sent again."""
    if not form.is_valid():
        messages.error(request, invalid_message)
        return redirect(back_url)
    try:
        _save(form, save)
    except EditConflict as exc:
        form.rebind_to(exc.current)
        return render(request, "portal/edit_conflict_page.html", {
            **(context or {}), "form": form, "title": title, "action": request.path,
            **conflict_context(form, exc.current, back_url),
        }, status=409)
    except ValidationError as exc:
        add_service_messages(request, exc)
    else:
        messages.success(request, success_message)
    return redirect(back_url)
