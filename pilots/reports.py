"""The evaluation report as a PDF: tables and charts of the frozen figures, and the
methodologist's narrative (Markdown, sanitised). Built only from ``EvaluationReport.snapshot``,
so it never reads a household row and cannot contain identifying data.

Two versions come from the one snapshot: **internal** (full figures, for the municipality's
staff and council) and **external** (primary and secondary suppression, for the consultant and
the public; ``pilots/suppression.py``). A chart marks a hidden value "hidden" and never draws it
as 0, and it is drawn to fit the page's text width."""

from __future__ import annotations

import base64
import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.pdf import render_pdf_template

from .indicators import format_value, scoped_tables, shown_tables
from .models import FIDELITY_SCALE_MAX, EvaluationReport, FidelityAssessment, Programme

CHART_KEYS = ("served", "retention_6", "retention_12", "permanent_exits", "progression", "arrears_free", "reviews_on_time")
# A4 with the 18 mm side margins of static/css/pdf.css leaves 174 mm (6.85 in) of text width.
CHART_WIDTH_INCHES = 6.6


def snapshot_tables(snapshot: dict, *, external: bool):
    return shown_tables(
        scoped_tables({"all": snapshot.get("all", []), "cohorts": snapshot.get("cohorts", {})}), suppress=external
    )


def cohort_chart_svg(tables, *, title: str = "") -> str | None:
    """Grouped bars of the percentage indicators, one group per indicator, one bar per table
    (all cohorts, then each cohort). ``tables`` are :func:`snapshot_tables` rows, already
    suppressed for the version: a hidden value gets the word "hidden" instead of a bar."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    series = []
    labels: dict[str, str] = {}
    for name, rows in tables:
        by_key = {row["indicator"].key: row for row in rows}
        values = []
        for key in CHART_KEYS:
            row = by_key.get(key)
            labels[key] = row["indicator"].label if row else key
            if row is None or row["indicator"].value is None:
                values.append(None)
            elif row["hidden"]:
                values.append("hidden")
            else:
                values.append(row["indicator"].value * 100)
        series.append((name, values))
    if not any(isinstance(v, float) for _n, values in series for v in values):
        return None
    figure, axes = plt.subplots(figsize=(CHART_WIDTH_INCHES, 3.4))
    width = 0.8 / len(series)
    hatches = ["", "//", "..", "xx", "\\\\", "++"]  # patterns, not colour alone, tell the bars apart
    for n, (name, values) in enumerate(series):
        xs = [x + n * width for x in range(len(CHART_KEYS))]
        shown = [(x, v) for x, v in zip(xs, values, strict=True) if isinstance(v, float)]
        axes.bar([x for x, _v in shown], [v for _x, v in shown], width, label=name, hatch=hatches[n % len(hatches)],
                 edgecolor="black", color=f"{0.35 + 0.5 * n / max(1, len(series) - 1):.2f}")
        for x, v in zip(xs, values, strict=True):
            if v == "hidden":
                axes.text(x, 2, _("hidden"), rotation=90, ha="center", va="bottom", fontsize=6)
            elif v is None:
                axes.text(x, 2, "–", ha="center", va="bottom", fontsize=7)
    axes.set_xticks([x + 0.4 - width / 2 for x in range(len(CHART_KEYS))])
    axes.set_xticklabels([_wrap(labels[k]) for k in CHART_KEYS], fontsize=6)
    axes.set_ylim(0, 100)
    axes.set_ylabel("%")
    axes.legend(fontsize=7, ncols=min(4, len(series)))
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    description = "; ".join(
        f"{name}: " + ", ".join(
            f"{labels[k]} {_('hidden') if v == 'hidden' else '–' if v is None else f'{v:.1f} %'.replace('.', ',')}"
            for k, v in zip(CHART_KEYS, values, strict=True)
        )
        for name, values in series
    )
    return _titled(buffer.getvalue(), title or _("Percentage indicators by cohort"), description)


def _titled(svg: str, title: str, description: str) -> str:
    """Put <title> and <desc> first inside the <svg> element, for screen readers and text search."""
    start = svg.index("<svg")
    end = svg.index(">", start) + 1
    return f"{svg[:end]}<title>{escape(title)}</title><desc>{escape(description)}</desc>{svg[end:]}"


def _wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def fidelity_trend(programme: Programme, as_of=None) -> list[dict]:
    """Each self-assessment's total as a share of the maximum (items scored × the scale's top)."""
    result = []
    assessments = FidelityAssessment.objects.filter(programme=programme).prefetch_related("scores")
    if as_of is not None:
        assessments = assessments.filter(assessed_on__lte=as_of)
    for assessment in assessments:
        scores = [s.score for s in assessment.scores.all()]
        maximum = len(scores) * FIDELITY_SCALE_MAX
        result.append({
            "assessed_on": assessment.assessed_on.isoformat(), "total": sum(scores), "maximum": maximum,
            "date_text": f"{assessment.assessed_on.day}. {assessment.assessed_on.month}. {assessment.assessed_on.year}",
            "share": sum(scores) / maximum if maximum else None,
            "share_text": format_value(sum(scores) / maximum if maximum else None, "percent"),
        })
    return result


def render(report: EvaluationReport, progress=None, *, external: bool = True) -> bytes:
    snapshot = report.snapshot or {}
    tables = snapshot_tables(snapshot, external=external)
    svg = cohort_chart_svg(tables)
    if progress:
        progress(40, _("Charts drawn"))
    context = {
        "report": report,
        "programme": report.programme,
        "municipality": report.programme.municipality,
        "snapshot": snapshot,
        "external": external,
        "overall": tables[0][1] if tables else [],
        "cohorts": [(name, rows) for name, rows in tables[1:]],
        "chart": base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else None,
        "fidelity": snapshot.get("fidelity", []),
        "fidelity_max": FIDELITY_SCALE_MAX,
        "generated_at": timezone.now(),
    }
    return render_pdf_template("pilots/pdf/evaluation.html", context)
