"""Form fields shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils.html import conditional_escape
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


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html`` in Python: `` name="value"``, a bare name for True, none for False."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )


class Select(forms.Select):
    """Django's Select with the same markup, built here rather than by its templates: they
    include a template (and its attributes' template) for every option, which for a list of a
    hundred sections cost more than the rest of the filter form. Every name, value and label is
    escaped as the templates escape them (what is marked safe stays as it is). Choices in groups
    (``<optgroup>``) are left to Django's templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        out += [
            f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f'{conditional_escape(option["label"])}</option>\n'
            for _group, options, _index in groups for option in options
        ]
        out.append("\n</select>")
        return mark_safe("".join(out).strip())  # noqa: S308 — every part is escaped above
