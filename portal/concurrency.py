"""Optimistic locking: one way for every record that several people may edit.

A record carries an integer ``edit_version``. The edit form sends back the version it loaded
(:class:`VersionedFormMixin`), and the service saves with :func:`update_if_unchanged`: a
conditional UPDATE that touches the row only while its version is still the one loaded. Zero
rows updated means someone saved first; :class:`EditConflict` then carries what they saved, the
view shows both versions (``templates/portal/partials/edit_conflict.html``) with status 409, and
the form is re-bound to their version, so that saving again is a deliberate choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

VERSION_FIELD = "edit_version"


class EditConflict(Exception):
    """Someone saved the record after this person loaded it. ``current`` is what they saved."""

    def __init__(self, current: models.Model):
        super().__init__("edit conflict")
        self.current = current


def update_if_unchanged(
    queryset: models.QuerySet, *, pk: Any, expected_version: int, fields: dict[str, Any]
) -> None:
    """Write ``fields`` to the row ``pk`` of ``queryset`` and bump its version, unless its version
    is no longer ``expected_version``: then raise :class:`EditConflict` and write nothing.

    Callers run this inside their own transaction; the UPDATE's row lock serialises two saves, so
    exactly one of them sees its version and wins."""
    updated = queryset.filter(pk=pk, **{VERSION_FIELD: expected_version}).update(
        **{VERSION_FIELD: F(VERSION_FIELD) + 1}, **fields
    )
    if updated:
        return
    current = queryset.filter(pk=pk).first()
    if current is None:
        raise ValidationError(_("This record was deleted by someone else in the meantime."))
    raise EditConflict(current)


class VersionedFormMixin(forms.Form):
    """Adds the hidden ``edit_version`` an edit form sends back: the version the person loaded."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is None:
            del self.fields[VERSION_FIELD]  # a model form creating a row: nothing to compare with
        elif instance is not None:
            self.initial.setdefault(VERSION_FIELD, getattr(instance, VERSION_FIELD))

    def rebind_to(self, current: models.Model) -> None:
        """After a conflict: keep the person's input, but carry the other person's version."""
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(getattr(current, VERSION_FIELD))
        self.data = data


def conflict_rows(form: forms.BaseForm, current: models.Model) -> list[dict[str, Any]]:
    """Both versions, field by field, for the conflict page: the saved value and the person's own
    input, for every visible field of ``form`` that ``current`` has; ``changed`` marks a difference."""
    rows = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or isinstance(field.widget, forms.HiddenInput) or not hasattr(current, name):
            continue
        theirs = getattr(current, name)
        display = getattr(current, f"get_{name}_display", None)
        theirs_text = display() if callable(display) else ("" if theirs is None else str(theirs))
        bound = form[name]
        yours = bound.value()
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            yours_text = dict(field.choices).get(yours, yours)
        else:
            yours_text = "" if yours is None else str(yours)
        rows.append({
            "label": bound.label, "theirs": theirs_text, "yours": str(yours_text),
            "changed": theirs_text != str(yours_text),
        })
    return rows


def without_version(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data for the service, without the version it sends back separately."""
    return {k: v for k, v in form.cleaned_data.items() if k != VERSION_FIELD}


def conflict_context(form: forms.BaseForm, conflict: models.Model | None, cancel_url: str) -> dict[str, Any]:
    """The context of ``portal/partials/edit_conflict.html`` after a conflicting save (or none)."""
    if conflict is None:
        return {"conflict": None}
    return {"conflict": conflict, "conflict_rows": conflict_rows(form, conflict), "cancel_url": cancel_url}
