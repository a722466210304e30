"""Form fields shared by every app."""

from __future__ import annotations

import html

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"}


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, but a key the database cannot hold (``9223372036854775808``) is an invalid choice.
    Django checks such a number for the single-choice field, not for ``__in``: SQLite raises
    ``OverflowError`` there, a 500 on any form with this field."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        model = self.queryset.model
        field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        internal = field.get_internal_type()
        if internal in INTEGER_KEYS and isinstance(value, list | tuple):
            low, high = connections[router.db_for_read(model)].ops.integer_field_range(internal)
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue  # not a number: Django's own check refuses it
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": pk})
        return super()._check_values(value)


def _escape(value) -> str:
    """``conditional_escape`` without wrapping every plain string in a SafeString."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html`` in Python: `` name="value"``, a bare name for True, none for False."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )


class Select(forms.Select):
    """Django's Select with the same markup, built here rather than by its templates: they
    include a template (and its attributes' template) for every option, and ``optgroups`` builds
    a dictionary of attributes for each, which for a list of a hundred sections cost more than the
    rest of the filter form. Every name, value and label is escaped as the templates escape them
    (what is marked safe stays as it is); the first option whose value is the field's is selected,
    as Django selects it. Choices in groups (``<optgroup>``) and multiple selection are left to
    Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        out = [f'<select name="{_escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        chosen = False
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in values
            chosen = chosen or selected
            out.append(f'\n  <option value="{_escape(option_value)}"{" selected" if selected else ""}>'
                       f'{_escape(label)}</option>\n')
        out.append("\n</select>")
        return mark_safe("".join(out).strip())  # noqa: S308 — every part is escaped above
