import re

from django import template
from django.utils.safestring import mark_safe

from portal.markdown import render_markdown

register = template.Library()

HEADING = re.compile(r"<(/?)h([1-6])\b")


@register.filter
def markdown_below(text, top: int = 3):
    """Markdown whose headings start at ``<h{top}>``, so that a user's "# Heading" never outranks
    the document's own headings (nor becomes the running title of the PDF's footer)."""
    html = str(render_markdown(text))
    shift = max(int(top) - 1, 0)
    return mark_safe(HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", html))  # noqa: S308 — sanitised above
