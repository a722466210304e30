"""``{% constant %} … {% endconstant %}``: a part of the layout (templates/base.html) that is the same
for every request in a language — links, labels, the style sheets — rendered once per process and
language instead of on every page.

It may hold only text, ``{% trans %}``, ``{% url %}`` and ``{% static %}`` with literal arguments:
anything else (a variable, a per-user value, the CSRF token) is refused when the template is
compiled, so nothing of one request can be kept for another. The stored parts are keyed by the
language, the script prefix, the URLconf, the current application (what ``{% url %}`` depends on)
and ``STATIC_URL``, so one language's part never reaches another.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.base import FilterExpression, Node, NodeList, TextNode, Variable
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_KEPT = 64  # (language × script prefix × …) parts per block; beyond that, rendered each time


def _literal(expression: FilterExpression | None) -> bool:
    """No variable and no filter: a quoted string or a number ({% trans %} keeps its string as a
    Variable without lookups)."""
    if expression is None:
        return True
    if expression.filters:
        return False
    return not expression.is_var or (isinstance(expression.var, Variable) and expression.var.lookups is None)


def _constant(node: Node) -> bool:
    from django.template.defaulttags import URLNode

    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        return (node.asvar is None and _literal(node.filter_expression)
                and (node.message_context is None or _literal(node.message_context)))
    if isinstance(node, URLNode):
        return (node.asvar is None and _literal(node.view_name) and all(map(_literal, node.args))
                and all(map(_literal, node.kwargs.values())))
    if isinstance(node, StaticNode):
        return node.varname is None and _literal(node.path)
    return False


class ConstantNode(Node):
    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist
        self.kept: dict[tuple, str] = {}

    def render(self, context) -> str:
        request = context.get("request")
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, current_app,
               settings.STATIC_URL)
        html = self.kept.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.kept) < MAX_KEPT:
                self.kept[key] = html
        return mark_safe(html)  # noqa: S308 — rendered by the template engine from literal parts only


@register.tag
def constant(parser, token):
    """``{% constant %}`` text, ``{% trans %}``, ``{% url %}``, ``{% static %}`` ``{% endconstant %}``."""
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    refused = [node for node in nodelist if not _constant(node)]
    if refused:
        raise template.TemplateSyntaxError(
            f"{{% constant %}} holds only text and {{% trans %}}, {{% url %}}, {{% static %}} with literal "
            f"arguments, not {refused[0]!r}"
        )
    return ConstantNode(nodelist)
