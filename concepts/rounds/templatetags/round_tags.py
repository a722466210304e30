from __future__ import annotations

from html import escape
from itertools import groupby

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _lines(text: str) -> str:
    """``linebreaksbr``, as the template filter does it: the text escaped, each line break a <br>."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br>")


@register.simple_tag
def settlement_rows(rows, hide_names=False):
    """The settlement table grouped by section (rows: ``exports.table_rows``, in section order),
    built here rather than by a template loop over hundreds of comments, and by plain string
    joins rather than one ``format_html`` per row (which escaped 18 arguments of every row, most
    of them the same labels): the fixed labels are escaped once, and every value of a row — what
    a commenter or a writer typed, the numbers, the choices' labels — goes through ``escape``
    (``html.escape``, as Django's) or ``_lines`` (its line breaks kept, as ``linebreaksbr``) on
    its way into the markup. Nothing in a row reaches the page unescaped.
    ``hide_names``: the public page, where a member of the public is "the public"."""
    if not rows:
        return mark_safe(f"<p>{escape(_('No comments.'))}</p>")  # noqa: S308 — escaped
    who, where, kind, text, wording, outcome, why = (escape(str(label)) for label in (
        _("Commenter and organisation"), _("Section"), _("Kind"), _("Comment"), _("Proposed wording"),
        _("Settlement"), _("Justification")))
    head = (f'<thead><tr><th scope="col">{escape(_("No."))}</th><th scope="col">{who}</th><th scope="col">{where}'
            f'</th><th scope="col">{kind}</th><th scope="col">{text}</th><th scope="col">{wording}</th>'
            f'<th scope="col">{outcome}</th><th scope="col">{why}</th></tr></thead>')
    the_public = escape(_("the public"))
    dispute = f'<br><span class="dispute-badge">{escape(_("dispute"))}</span>'
    caption = _("Settlement of the comments on %(s)s")
    # The commenters, kinds and outcomes repeat from row to row: each distinct one escaped once.
    escaped: dict[str, str] = {}

    def once(value: str) -> str:
        found = escaped.get(value)
        if found is None:
            found = escaped[value] = escape(value)
        return found

    out = []
    for title, group in groupby(rows, key=lambda row: row["section"]):
        section = escape(title)
        body = "\n".join(
            f'<tr><th scope="row">{escape(str(row["number"]))}</th>'
            f'<td data-label="{who}">{the_public if hide_names and row["is_public"] else once(row["commenter"])}</td>'
            f'<td data-label="{where}">{section}</td><td data-label="{kind}">{once(row["kind"])}</td>'
            f'<td data-label="{text}" class="comment-text">{_lines(row["text"])}</td>'
            f'<td data-label="{wording}" class="comment-text">{_lines(row["proposed_wording"])}</td>'
            f'<td data-label="{outcome}"><strong>{once(row["outcome"])}</strong>{dispute if row["is_dispute"] else ""}</td>'
            f'<td data-label="{why}" class="comment-text">{_lines(row["justification"])}</td></tr>'
            for row in group
        )
        out.append(
            f'<h2 class="h5 mt-4">{section}</h2>\n<div class="table-responsive" tabindex="0">\n'
            '<table class="table table-sm table-bordered table-settlement align-top">\n'
            f'<caption class="visually-hidden">{escape(caption % {"s": title})}</caption>\n{head}\n<tbody>\n'
            f'{body}\n</tbody>\n</table>\n</div>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 — every value in it is escaped above
