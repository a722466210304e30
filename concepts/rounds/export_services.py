"""Starting the exports of a comment round: the settlement table (XLSX, PDF) and the council's
report (PDF, Word). Each file is built by the worker once per state of the settlements."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.jobs import job_start
from portal.models import Job

from .models import Comment, Round, Settlement

User = get_user_model()


def _table_cache_key(round: Round, fmt: str) -> str:
    changed = Settlement.objects.filter(comment__round=round).order_by("-settled_at").values_list(
        "settled_at", flat=True).first()
    return (f"rounds:table:{round.pk}:{fmt}:{round.status}:{changed.isoformat() if changed else '-'}"
            f":{Comment.objects.filter(round=round).active().count()}")


def settlement_table_start(*, round: Round, fmt: str, actor: User) -> Job:
    """Start (or join) the export of the round's settlement table as ``fmt`` ("xlsx" or "pdf")."""
    from .tasks import export_settlement_pdf, export_settlement_xlsx

    task = {"xlsx": export_settlement_xlsx, "pdf": export_settlement_pdf}.get(fmt)
    if task is None:
        raise ValidationError(_("Choose XLSX or PDF."))
    return job_start(
        kind=f"settlement_{fmt}", title=_("Settlement table %(title)s (%(fmt)s)") % {"title": round.title, "fmt": fmt.upper()},
        task=task, municipality=round.municipality, actor=actor, permission="concepts.view_concept", target=round,
        params={"language": "cs"}, cache_key=_table_cache_key(round, fmt),
    )


def council_report_start(*, round: Round, fmt: str, actor: User) -> Job:
    """Start (or join) the council's report (podklad pro radu) of a settled round as ``fmt``
    ("pdf" or "docx")."""
    from .tasks import council_report_docx, council_report_pdf

    task = {"pdf": council_report_pdf, "docx": council_report_docx}.get(fmt)
    if task is None:
        raise ValidationError(_("Choose PDF or Word."))
    if not (round.is_settled or round.is_published):
        raise ValidationError(_("The council's report can be made once the round is settled."))
    return job_start(
        kind=f"council_report_{fmt}",
        title=_("Council's report on %(title)s (%(fmt)s)") % {"title": round.title, "fmt": fmt.upper()},
        task=task, municipality=round.municipality, actor=actor, permission="concepts.manage_rounds",
        target=round, params={"language": "cs"}, cache_key="council-" + _table_cache_key(round, fmt),
    )
