"""Starting the analytics exports (the dashboard table, a municipality's indicator table). The
monitoring report is started by :func:`analytics.report.report_start`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.jobs import job_start
from portal.models import Job, Municipality

from . import access

User = get_user_model()

INDICATOR_FORMATS = {"xlsx", "csv"}


def dashboard_export_start(*, actor: User, params, language: str) -> Job:
    """The XLSX of the dashboard table: the actor's municipalities, filtered and sorted by
    ``params`` (the dashboard's filter form; junk is dropped)."""
    from . import tasks
    from .dashboard import dashboard_filter

    filters = dashboard_filter(actor, params).values
    return job_start(
        kind="analytics.dashboard_xlsx", title=_("Municipalities overview (XLSX)"), task=tasks.export_dashboard,
        municipality=None, actor=actor, permission=access.VIEW,
        params={"user": actor.pk, "language": language, **filters}, private=True,
    )


def indicators_export_start(*, municipality: Municipality, fmt: str, actor: User, language: str) -> Job:
    """The indicator table of ``municipality`` as XLSX, or CSV in the Czech Excel dialect."""
    from .indicators.tasks import export_indicators

    if fmt not in INDICATOR_FORMATS:
        raise ValidationError(_("Choose XLSX or CSV."))
    access.require(actor, access.VIEW_INDICATORS, municipality)
    return job_start(
        kind=f"analytics.indicators_{fmt}", title=_("Indicators of %(m)s (%(fmt)s)") % {
            "m": municipality.name, "fmt": fmt.upper()},
        task=export_indicators, municipality=municipality, actor=actor, permission=access.VIEW_INDICATORS,
        params={"user": actor.pk, "format": fmt, "language": language}, private=True,
    )
