"""Starting the exports of a concept version (PDF, Word). The worker builds each file once per
frozen version; a second request joins the job that is already there."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.jobs import job_start
from portal.models import Job

from .models import Version

User = get_user_model()

VIEW = "concepts.view_concept"
EXPORTS = {
    "pdf": ("concept-version-pdf", gettext_lazy("PDF of %(concept)s, version %(n)s")),
    "docx": ("concept-version-docx", gettext_lazy("Word document of %(concept)s, version %(n)s")),
}


def version_export_start(*, version: Version, fmt: str, actor: User) -> Job:
    """Start (or join) the export of ``version`` as ``fmt`` ("pdf" or "docx")."""
    from .tasks import concept_version_docx, concept_version_pdf

    if fmt not in EXPORTS:
        raise ValidationError(_("Choose PDF or Word."))
    kind, title = EXPORTS[fmt]
    return job_start(
        kind=kind, title=title % {"concept": version.concept.title, "n": version},
        task={"pdf": concept_version_pdf, "docx": concept_version_docx}[fmt],
        municipality=version.concept.municipality, actor=actor, permission=VIEW, target=version,
        cache_key=f"{kind}:{version.pk}",
    )
