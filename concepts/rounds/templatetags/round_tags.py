from __future__ import annotations

from itertools import groupby

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def settlement_rows(rows, hide_names=False):
    """The settlement table grouped by section (rows: ``exports.table_rows``, in section order),
    built here rather than by a template loop over hundreds of comments: one ``format_html`` per
    row, every text the users typed escaped by it (and its line breaks kept by ``linebreaksbr``).
    ``hide_names``: the public page, where a member of the public is "the public"."""
    if not rows:
        return format_html("<p>{}</p>", _("No comments."))
    # Escaped once here, so that format_html passes them through in every row.
    labels = [conditional_escape(label) for label in (
        _("Commenter and organisation"), _("Section"), _("Kind"), _("Comment"), _("Proposed wording"),
        _("Settlement"), _("Justification"))]
    head = format_html(
        '<thead><tr><th scope="col">{}</th>{}</tr></thead>', _("No."),
        format_html_join("", '<th scope="col">{}</th>', ((label,) for label in labels)),
    )
    the_public, dispute = conditional_escape(_("the public")), format_html('<br><span class="dispute-badge">{}</span>', _("dispute"))
    row_html = (
        '<tr><th scope="row">{}</th><td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td data-label="{}" class="comment-text">{}</td><td data-label="{}" class="comment-text">{}</td>'
        '<td data-label="{}"><strong>{}</strong>{}</td><td data-label="{}" class="comment-text">{}</td></tr>'
    )
    out = []
    for section, group in groupby(rows, key=lambda row: row["section"]):
        section = conditional_escape(section)
        body = [format_html(
            row_html, row["number"],
            labels[0], the_public if hide_names and row["comment"].is_public else row["commenter"],
            labels[1], section, labels[2], row["kind"],
            labels[3], linebreaksbr(row["text"]), labels[4], linebreaksbr(row["proposed_wording"]),
            labels[5], row["outcome"], dispute if row["is_dispute"] else "",
            labels[6], linebreaksbr(row["justification"]),
        ) for row in group]
        out.append(format_html(
            '<h2 class="h5 mt-4">{}</h2>\n<div class="table-responsive" tabindex="0">\n'
            '<table class="table table-sm table-bordered table-settlement align-top">\n'
            '<caption class="visually-hidden">{}</caption>\n{}\n<tbody>\n{}\n</tbody>\n</table>\n</div>',
            section, _("Settlement of the comments on %(s)s") % {"s": section}, head,
            mark_safe("\n".join(body)),  # noqa: S308 — every row is format_html's output
        ))
    return mark_safe("\n".join(out))  # noqa: S308 — every part is format_html's output
