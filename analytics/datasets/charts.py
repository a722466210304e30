"""Charts of a dataset version: one value column summed by period (over the other dimensions), for
one territory or all; used on the version's page and where a chapter cites the version."""

from __future__ import annotations

import zlib

from django.db.models import Sum
from django.utils.translation import gettext as _

from ..charts import Chart, describe, line_chart
from ..models import DatasetCitation, DatasetVersion


def version_series(version: DatasetVersion, *, measure: str, territory_code: str = "", filters: dict | None = None):
    rows = version.rows.filter(measure=measure)
    if territory_code:
        rows = rows.filter(territory_code=territory_code)
    for key, value in (filters or {}).items():
        rows = rows.filter(**{f"dimensions__{key}": value})
    return [(r["period"], r["total"]) for r in rows.values("period").annotate(total=Sum("value")).order_by("period")]


def version_chart(version: DatasetVersion, *, measure: str, territory_code: str = "", filters: dict | None = None,
                  title: str = "", description: str = "") -> Chart:
    points = version_series(version, measure=measure, territory_code=territory_code, filters=filters)
    title = title or f"{version.dataset.title}: {measure}"
    source = _("Source: %(source)s, %(dataset)s, version %(n)s (reference date %(date)s).") % {
        "source": version.dataset.source, "dataset": version.dataset.title, "n": version.number,
        "date": version.reference_date.strftime("%-d. %-m. %Y"),
    }
    text = " ".join([description or describe(title, points, "", None, None), source])
    key = zlib.crc32(repr((measure, territory_code, sorted((filters or {}).items()))).encode())
    return line_chart(title=title, points=points, description=text, chart_id=f"ds{version.pk}-{key:x}")


def citation_chart(citation: DatasetCitation) -> Chart:
    return version_chart(citation.version, measure=citation.measure, territory_code=citation.territory_code,
                         filters=citation.filters, title=citation.title, description=citation.description)
