"""Form fields shared by every app, and ``formfield``, the ``Meta.formfield_callback`` that gives a
ModelForm's generated fields the same classes (tests/portal/test_one_way.py checks every form)."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# The dates a person may type. Django takes years 1 to 9999, but the portal counts from them
# (a month's end, review dates months after a move-in, the day after "as of"), and 31 December
# 9999 plus one day is an OverflowError, a 500. No date in this work lies outside these.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

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


def validate_plausible_date(value: date | datetime) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."), code="implausible_date",
            params={"earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                    "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT")},
        )


class DateField(forms.DateField):
    """Django's, limited to ``EARLIEST_DATE`` … ``LATEST_DATE``."""

    default_validators = [validate_plausible_date]


class DateTimeField(forms.DateTimeField):
    """Django's, limited to ``EARLIEST_DATE`` … ``LATEST_DATE``."""

    default_validators = [validate_plausible_date]


# What a PostgreSQL integer column holds. A number beyond its column was a DataError, a 500; a form's
# own number field refuses it next to the field. A field for a bigint (or smallint) column says so.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1


class IntegerField(forms.IntegerField):
    """Django's, bounded to a PostgreSQL integer unless told otherwise (Django's has no bounds; a
    ModelForm's generated field is checked against its model field's range by the model's own
    validation, a declared one was not)."""

    def __init__(self, *, max_value=INTEGER_MAX, min_value=INTEGER_MIN, **kwargs):
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)


# Subclasses first: a DateTimeField is a DateField.
FORM_CLASSES = [
    (models.DateTimeField, DateTimeField),
    (models.DateField, DateField),
    (models.ManyToManyField, ModelMultipleChoiceField),
]


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """``Meta.formfield_callback`` of every ModelForm: the model field's form field, of the class above."""
    for model_class, form_class in FORM_CLASSES:
        if isinstance(db_field, model_class):
            kwargs.setdefault("form_class", form_class)
            break
    return db_field.formfield(**kwargs)
