"""The form renderer (``FORM_RENDERER``): Django's own, with the commonest widget templates drawn in
Python instead of by the template engine.

A filter form's selects cost more than the list they filter: Django renders every ``<option>`` as
an ``{% include %}`` of two templates. :class:`WidgetRenderer` draws ``input.html`` (and the
templates that only include it: text, number, e-mail, date, hidden, checkbox …), ``select.html``
with ``select_option.html`` and ``textarea.html`` itself, producing exactly what the templates
produce — each value through the same localisation and escaping as ``{{ }}`` and ``stringformat``.
It checks at first use that Django's templates still read as it expects; a template that does not
(another Django version), any other template and any widget with its own option template are
rendered by the template engine as before. tests/portal/test_form_renderer.py compares the two.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import stringformat
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

W = "django/forms/widgets/"
ATTRS, INPUT, SELECT, OPTION, TEXTAREA = (W + name for name in (
    "attrs.html", "input.html", "select.html", "select_option.html", "textarea.html"))
# The templates as this module draws them (Django 5.2); any other source is left to the engine.
SOURCES = {
    ATTRS: "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}{% if value is not True %}"
           "=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}",
    INPUT: '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
           "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}{% include \"django/forms/widgets/attrs.html\" %}>\n",
    SELECT: '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>{% for group_name, '
            "group_choices, group_index in widget.optgroups %}{% if group_name %}\n  <optgroup label=\"{{ group_name }}\">"
            "{% endif %}{% for option in group_choices %}\n  {% include option.template_name with widget=option %}"
            "{% endfor %}{% if group_name %}\n  </optgroup>{% endif %}{% endfor %}\n</select>\n",
    OPTION: "<option value=\"{{ widget.value|stringformat:'s' }}\"{% include \"django/forms/widgets/attrs.html\" %}>"
            "{{ widget.label }}</option>\n",
    TEXTAREA: '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n{% if widget.value %}'
              "{{ widget.value }}{% endif %}</textarea>\n",
}
INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
INPUT_LIKE = [W + name for name in (
    "text.html", "number.html", "email.html", "url.html", "password.html", "hidden.html", "date.html",
    "datetime.html", "time.html", "search.html", "tel.html", "color.html", "checkbox.html", "file.html",
)]


def _shown(value) -> str:
    """``{{ value }}``: localised, then escaped unless already safe."""
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}`` (a filter that keeps safe input safe)."""
    out = stringformat(value, "s")
    return _shown(mark_safe(out) if isinstance(value, SafeData) else out)  # noqa: S308 — only what was safe


def _attrs(attrs: Mapping) -> str:
    out = []
    for name, value in attrs.items():
        if value is not False:
            out.append(f" {_shown(name)}")
            if value is not True:
                out.append(f'="{_formatted(value)}"')
    return "".join(out)


def _input(widget: Mapping) -> str:
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 — the template's !=
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _select(widget: Mapping) -> str | None:
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None  # a widget with its own option template: the engine draws it
            out.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                       f'{_shown(option["label"])}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(widget: Mapping) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'


class WidgetRenderer(DjangoTemplates):
    """Django's ``DjangoTemplates`` form renderer; inputs, selects and textareas drawn in Python."""

    @cached_property
    def drawn(self) -> dict[str, Callable[[Mapping], str | None]]:
        """{template name: drawing function} for the templates whose source is as expected."""

        def source(name: str) -> str | None:
            try:
                return self.engine.get_template(name).template.source
            except Exception:  # noqa: BLE001 — a template that is not there is simply not drawn here
                return None

        same = {name for name, expected in SOURCES.items() if source(name) == expected}
        drawn: dict[str, Callable[[Mapping], str | None]] = {}
        if {ATTRS, INPUT} <= same:
            drawn[INPUT] = _input
            drawn.update({name: _input for name in INPUT_LIKE if source(name) == INCLUDES_INPUT})
        if {ATTRS, SELECT, OPTION} <= same:
            drawn[SELECT] = _select
        if {ATTRS, TEXTAREA} <= same:
            drawn[TEXTAREA] = _textarea
        return drawn

    def render(self, template_name, context, request=None):
        draw = self.drawn.get(template_name)
        if draw is not None and isinstance(context, Mapping) and isinstance(context.get("widget"), Mapping):
            html = draw(context["widget"])
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
