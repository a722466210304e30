"""Form fields shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router

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
