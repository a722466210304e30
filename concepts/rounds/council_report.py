"""The council's report (podklad pro radu města / důvodová zpráva) of a settled round, as PDF and
DOCX, built in the worker through ``portal.jobs``.

It says what the document is for; who was invited and who sent no comments; each dispute with the
commenter's position and the outcome of the dispute meeting; the essential comments that were not
accepted, with who raised each and why it was rejected; the rejected recommendations summarised
by kind and by organisation; and a summary of the public comments. Every count names what it
counts out of.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.formatting import cz_date, cz_datetime
from portal.models import Job
from portal.pdf import render_pdf_template

from .exports import commenter_label
from .models import Comment, Round, Settlement
from .services import answers_of


@dataclass
class CouncilReport:
    round: Round
    invited: list = field(default_factory=list)
    silent: list = field(default_factory=list)
    declared_none: list = field(default_factory=list)
    disputes: list = field(default_factory=list)
    rejected_essential: list = field(default_factory=list)
    rejected_recommendations_by_org: list = field(default_factory=list)
    rejected_recommendations_by_kind: list = field(default_factory=list)
    rejected_recommendations: int = 0
    recommendations: int = 0
    public_total: int = 0
    public_by_outcome: list = field(default_factory=list)
    public_comments: list = field(default_factory=list)
    comments_total: int = 0

    @property
    def purpose(self) -> str:
        r = self.round
        return _(
            "This document is the background for the council's decision on “%(concept)s” (version %(v)s). It "
            "summarises the comment round “%(title)s” held from %(opens)s to %(deadline)s: who was invited, "
            "which disputes remain and which essential comments were not accepted, with the reasons."
        ) % {"concept": r.version.title, "v": r.version.number, "title": r.title,
             "opens": cz_date(r.opens_at), "deadline": cz_date(r.deadline)}


def _who(invitation) -> str:
    name = invitation.name or invitation.email
    return f"{name} ({invitation.organisation.name})" if invitation.organisation_id else name


def council_report(round: Round) -> CouncilReport:
    report = CouncilReport(round=round)
    answers = list(answers_of(round))
    report.invited = [_who(i) for i in answers]
    report.silent = [_who(i) for i in answers if not i.commented and not i.no_comments_at]
    report.declared_none = [_who(i) for i in answers if not i.commented and i.no_comments_at]
    comments = list(
        Comment.objects.filter(round=round).active().select_related("section", "organisation", "settlement")
        .order_by("number")
    )
    report.comments_total = len(comments)
    by_org: Counter = Counter()
    by_kind: Counter = Counter()
    for c in comments:
        s: Settlement | None = getattr(c, "settlement", None)
        if c.is_public:
            report.public_comments.append(c)
            continue
        if s is None:
            continue
        if s.is_dispute:
            report.disputes.append(c)
        if c.is_essential and s.outcome == Settlement.Outcome.NOT_ACCEPTED:
            report.rejected_essential.append(c)
        if not c.is_essential:
            report.recommendations += 1
            if s.outcome == Settlement.Outcome.NOT_ACCEPTED:
                report.rejected_recommendations += 1
                by_org[c.organisation.name if c.organisation_id else c.author_name] += 1
                by_kind[str(c.section.get_kind_display())] += 1
    report.rejected_recommendations_by_org = sorted(by_org.items(), key=lambda kv: (-kv[1], kv[0]))
    report.rejected_recommendations_by_kind = sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    report.public_total = len(report.public_comments)
    outcomes = Counter(getattr(c, "settlement", None) and c.settlement.get_outcome_display() for c in report.public_comments)
    report.public_by_outcome = [(label or _("not settled yet"), n) for label, n in outcomes.most_common()]
    return report


def _round_of(job: Job) -> Round:
    return Round.objects.select_related("municipality", "version", "version__concept").get(
        pk=job.target_id, municipality_id=job.municipality_id
    )


def _filename(round: Round, ext: str) -> str:
    return f"podklad-pro-radu-{round.municipality.slug}-{round.pk}.{ext}"


def build_council_pdf(job: Job, progress) -> tuple[str, bytes, str]:
    round = _round_of(job)
    with translation.override(job.params.get("language", "cs")):
        report = council_report(round)
        progress(40, "")
        pdf = render_pdf_template("rounds/pdf/council_report.html", {
            "report": report, "round": round, "commenter": commenter_label, "generated_at": cz_datetime(timezone.now()),
            "cz_date": cz_date,
        })
    return _filename(round, "pdf"), pdf, "application/pdf"


def _docx_heading(doc, text: str, level: int) -> None:
    doc.add_heading(text, level=level)


def build_council_docx(job: Job, progress) -> tuple[str, bytes, str]:
    from docx import Document

    round = _round_of(job)
    with translation.override(job.params.get("language", "cs")):
        r = council_report(round)
        progress(40, "")
        doc = Document()
        doc.core_properties.title = _("Council's report on %(title)s") % {"title": round.title}
        doc.core_properties.language = "cs-CZ"
        _docx_heading(doc, _("Council's report (podklad pro radu)"), 0)
        doc.add_paragraph(f"{round.municipality.name} · {round.title}")
        _docx_heading(doc, _("Purpose of the document"), 1)
        doc.add_paragraph(r.purpose)
        _docx_heading(doc, _("Who was invited"), 1)
        doc.add_paragraph(_("Invited: %(n)s. Sent no comments and did not answer: %(s)s of %(n)s. "
                            "Declared no comments: %(d)s of %(n)s.") % {
            "n": len(r.invited), "s": len(r.silent), "d": len(r.declared_none)})
        for name in r.invited:
            doc.add_paragraph(name, style="List Bullet")
        if r.silent:
            doc.add_paragraph(_("Sent no comments") + ": " + "; ".join(r.silent))
        _docx_heading(doc, _("Disputes (rozpory)"), 1)
        if not r.disputes:
            doc.add_paragraph(_("No dispute."))
        for c in r.disputes:
            s = c.settlement
            doc.add_heading(_("Comment no. %(n)s – %(who)s") % {"n": c.number, "who": commenter_label(c)}, level=2)
            doc.add_paragraph(_("Section") + f": {c.section.number} {c.section.title}")
            doc.add_paragraph(_("Position of the commenter") + f": {c.text}")
            doc.add_paragraph(_("Settlement") + f": {s.get_outcome_display()} – {s.justification}")
            doc.add_paragraph(_("Outcome of the dispute meeting") + f" ({cz_date(s.dispute_meeting_on)}): "
                              f"{s.get_dispute_result_display() if s.dispute_result else _('not recorded')}. {s.dispute_note}")
        _docx_heading(doc, _("Essential comments not accepted"), 1)
        if not r.rejected_essential:
            doc.add_paragraph(_("None."))
        for c in r.rejected_essential:
            doc.add_paragraph(f"{c.number}. {commenter_label(c)}: {c.text} — {_('Reason')}: {c.settlement.justification}",
                              style="List Number")
        _docx_heading(doc, _("Recommendations not accepted"), 1)
        doc.add_paragraph(_("%(r)s of %(n)s recommendations were not accepted.") % {
            "r": r.rejected_recommendations, "n": r.recommendations})
        for org, n in r.rejected_recommendations_by_org:
            doc.add_paragraph(f"{org}: {n}", style="List Bullet")
        for kind, n in r.rejected_recommendations_by_kind:
            doc.add_paragraph(f"{_('Part of the document')} – {kind}: {n}", style="List Bullet")
        _docx_heading(doc, _("Comments from the public"), 1)
        doc.add_paragraph(_("%(n)s public comments; they are summarised, not turned into disputes.") % {"n": r.public_total})
        for label, n in r.public_by_outcome:
            doc.add_paragraph(f"{label}: {n}", style="List Bullet")
        out = io.BytesIO()
        doc.save(out)
    return _filename(round, "docx"), out.getvalue(), (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
