"""A multiple-choice field of objects refuses a key the database cannot hold (a 500 on SQLite
before: found by the fuzzing of the settlement form). (Widgets drawn in Python:
tests/portal/test_form_renderer.py.)"""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from portal.form_fields import ModelMultipleChoiceField

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

