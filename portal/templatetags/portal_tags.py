from django import template

from portal.markdown import render_markdown
from portal.permissions import shown_count

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def count(value, suppress=False) -> str:
    return shown_count(value, suppress=suppress)


@register.filter
def percent(value, digits=1) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{int(digits)}f} %".replace(".", ",")
