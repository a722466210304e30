"""A multiple-choice field of objects refuses a key the database cannot hold (a 500 on SQLite
before: found by the fuzzing of the settlement form). The select built in Python renders exactly
what Django's templates render, escaped the same."""

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portal.form_fields import ModelMultipleChoiceField, Select

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", str(10**30)])
def test_it_refuses_a_key_too_large_for_the_database_as_an_invalid_choice(value):
    with pytest.raises(ValidationError) as error:
        ModelMultipleChoiceField(queryset=User.objects.all()).clean([value])
    assert error.value.code == "invalid_choice"


def test_it_still_accepts_real_keys_and_refuses_words(coordinator):
    field = ModelMultipleChoiceField(queryset=User.objects.all())
    assert list(field.clean([str(coordinator.pk)])) == [coordinator]
    with pytest.raises(ValidationError):
        field.clean(["abc"])


CHOICES = [("", "---------"), ("a&<b>", "A & <b>"), (1, "jedna"), (2, mark_safe("<i>dvě</i>")), ("x\"y", "uvozovky \""),
           ("1", "jedna znovu"), (None, gettext_lazy("Section"))]  # the first of two equal values is selected


@pytest.mark.parametrize("value", [None, "", "a&<b>", 1, "2", "x\"y", "nothing"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_f", "class": "form-select", "required": True, "disabled": False,
                                          "data-x": "<&>"}])
def test_the_select_built_in_python_renders_what_djangos_templates_render(value, attrs):
    name = 'pole"<'
    assert Select(choices=CHOICES).render(name, value, attrs=attrs) == forms.Select(choices=CHOICES).render(
        name, value, attrs=attrs)


def test_the_select_leaves_groups_of_choices_to_djangos_templates():
    grouped = [("Skupina <1>", [(1, "jedna"), (2, "dvě")]), (3, "tři")]
    html = Select(choices=grouped).render("f", 2)
    assert html == forms.Select(choices=grouped).render("f", 2) and '<optgroup label="Skupina &lt;1&gt;">' in html
