"""portal.form_renderer draws inputs, selects and textareas exactly as Django's templates do."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from portal.form_renderer import INPUT, SELECT, TEXTAREA, WidgetRenderer

SCRIPT = '<script>alert("1")</script> & \'x\''


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "data-x": SCRIPT, "autofocus": True,
                                                         "hidden": False, "data-none": None}))
    number = forms.DecimalField(required=False)
    integer = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": Decimal("0.5")}))
    email = forms.EmailField(help_text="help")
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(required=False)
    time = forms.TimeField(required=False)
    search = forms.CharField(widget=forms.SearchInput, required=False)
    tel = forms.CharField(widget=forms.TelInput, required=False)
    color = forms.CharField(widget=forms.ColorInput, required=False)
    checked = forms.BooleanField(required=False)
    unchecked = forms.BooleanField(required=False)
    upload = forms.FileField(widget=forms.FileInput, required=False)
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "Á & <b>"), ("b", mark_safe("<i>safe</i>")), (3, 3),
                                        (Decimal("1.5"), Decimal("1.5"))])
    grouped = forms.ChoiceField(choices=[("Skupina <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    maybe = forms.NullBooleanField()
    lazy = forms.ChoiceField(choices=[("single", translation.gettext_lazy("single person"))])
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    empty_body = forms.CharField(widget=forms.Textarea, required=False)
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)  # not drawn: the engine's
    boxes = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)


DATA = {
    "text": SCRIPT, "number": "1.5", "integer": "abc", "email": "a@b.cz", "password": "heslo<", "hidden": "h\"v",
    "date": "2026-12-02", "when": "2026-12-02 10:00", "search": "", "checked": "on", "choice": "b",
    "grouped": "y", "many": ["a", "c"], "maybe": "true", "lazy": "single", "body": f"řádek 1\n{SCRIPT}",
}
INITIAL = {"text": SCRIPT, "number": Decimal("1234.5"), "integer": 7, "date": datetime.date(2026, 12, 2),
           "when": datetime.datetime(2026, 12, 2, 10, 0), "time": datetime.time(8, 30), "checked": True,
           "choice": 3, "many": ["b"], "maybe": None, "body": SCRIPT}


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("bound", [True, False])
def test_it_draws_every_widget_as_the_templates_do(language, bound):
    fast, slow = WidgetRenderer(), DjangoTemplates()
    assert {INPUT, SELECT, TEXTAREA} <= set(fast.drawn)  # the templates are still the ones it knows
    with translation.override(language):
        for field in (Everything(DATA, renderer=fast) if bound else Everything(initial=INITIAL, renderer=fast)):
            other = (Everything(DATA, renderer=slow) if bound else Everything(initial=INITIAL, renderer=slow))[field.name]
            assert str(field) == str(other), field.name
            assert field.as_widget(attrs={"class": "x", "aria-invalid": True}) == other.as_widget(
                attrs={"class": "x", "aria-invalid": True}), field.name


def test_the_pages_filter_forms_are_the_same(rf):
    from pilots.filters import HouseholdFilter
    from pilots.models import Programme

    fast, slow = WidgetRenderer(), DjangoTemplates()
    request = rf.get("/", {"stage": "placed", "sort": "-code", "q": SCRIPT, "programme": "abc"})
    for renderer in (fast, slow):
        filterset = HouseholdFilter(request.GET, queryset=None, request=request, programmes=Programme.objects.none())
        filterset.form.renderer = renderer
        html = "".join(str(field) for field in filterset.form)
        if renderer is fast:
            drawn = html
    assert drawn == html and "&lt;script&gt;" in html
