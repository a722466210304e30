"""{% constant %} (portal/templatetags/layout_tags.py): parts of the layout rendered once per
process and language, holding nothing that could differ between two requests."""

from __future__ import annotations

import pytest
from django.template import TemplateSyntaxError, engines
from django.utils import translation

LOAD = "{% load i18n static layout_tags %}"


@pytest.mark.parametrize("body", [
    "{{ user.username }}", "{% csrf_token %}", "{% if user %}x{% endif %}", "{% trans title %}",
    "{% url 'profile' as here %}", "{% url 'municipality_detail' slug %}", "{% static path %}",
    "{% trans 'Home'|upper %}", "{% include 'base.html' %}",
])
def test_it_refuses_anything_that_could_differ_between_requests(body):
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(LOAD + "{% constant %}" + body + "{% endconstant %}")


def test_it_keeps_one_part_per_language_and_renders_what_the_tags_render():
    template = engines["django"].from_string(
        LOAD + "{% constant %}<a href=\"{% url 'home' %}\">{% trans 'Home' %}</a>"
        "<link href=\"{% static 'css/portal.css' %}\">{% url 'municipality_detail' 'ostrava' %}{% endconstant %}")
    plain = engines["django"].from_string(
        LOAD + "<a href=\"{% url 'home' %}\">{% trans 'Home' %}</a>"
        "<link href=\"{% static 'css/portal.css' %}\">{% url 'municipality_detail' 'ostrava' %}")
    for _ in range(2):  # the second time from what was kept
        for language in ("cs", "en"):
            with translation.override(language):
                assert template.render({}) == plain.render({})
    with translation.override("en"):
        assert ">Home<" in template.render({})
    with translation.override("cs"):
        assert ">Úvod<" in template.render({})
