"""The evaluation report as a PDF: tables and charts of the frozen figures, and the
methodologist's narrative (Markdown, sanitised). Built only from ``EvaluationReport.snapshot``,
so it never reads a household row and cannot contain identifying data."""

from __future__ import annotations

import base64
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.pdf import render_pdf_template

from .indicators import Indicator
from .models import EvaluationReport

CHART_KEYS = ("served", "retention_6", "retention_12", "permanent_exits", "progression", "arrears_free", "reviews_on_time")


def indicator_rows(items: list[dict]) -> list[dict]:
    rows = []
    for data in items:
        indicator = Indicator.from_dict(data)
        # A report leaves the municipality (council, agency): small counts are always hidden.
        rows.append({"indicator": indicator, **indicator.shown(suppress=True)})
    return rows


def cohort_chart_svg(snapshot: dict) -> str | None:
    """Grouped bars of the percentage indicators, one group per indicator, one bar per cohort."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    series = {"all": snapshot.get("all", []), **snapshot.get("cohorts", {})}
    labels = {}
    values: dict[str, list[float]] = {}
    for name, items in series.items():
        by_key = {i["key"]: Indicator.from_dict(i) for i in items}
        row = []
        for key in CHART_KEYS:
            indicator = by_key.get(key)
            labels[key] = indicator.label if indicator else key
            hidden = indicator is None or indicator.value is None or indicator.is_small()
            row.append(0.0 if hidden else indicator.value * 100)
        values[name] = row
    if not any(any(v) for v in values.values()):
        return None
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    width = 0.8 / len(values)
    hatches = ["", "//", "..", "xx", "\\\\", "++"]  # patterns, not colour alone, tell the bars apart
    for n, (name, row) in enumerate(values.items()):
        legend = _("all cohorts") if name == "all" else _("cohort %(n)s") % {"n": name}
        axes.bar([x + n * width for x in range(len(CHART_KEYS))], row, width, label=legend,
                 hatch=hatches[n % len(hatches)], edgecolor="black", color=f"{0.35 + 0.5 * n / max(1, len(values) - 1):.2f}")
    axes.set_xticks([x + 0.4 - width / 2 for x in range(len(CHART_KEYS))])
    axes.set_xticklabels([_wrap(labels[k]) for k in CHART_KEYS], fontsize=6)
    axes.set_ylim(0, 100)
    axes.set_ylabel("%")
    axes.legend(fontsize=7, ncols=min(4, len(values)))
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()


def _wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def render(report: EvaluationReport, progress=None) -> bytes:
    snapshot = report.snapshot or {}
    svg = cohort_chart_svg(snapshot)
    if progress:
        progress(40, _("Charts drawn"))
    context = {
        "report": report,
        "programme": report.programme,
        "municipality": report.programme.municipality,
        "snapshot": snapshot,
        "overall": indicator_rows(snapshot.get("all", [])),
        "cohorts": [(name, indicator_rows(items)) for name, items in snapshot.get("cohorts", {}).items()],
        "chart": base64.b64encode(svg.encode("utf-8")).decode("ascii") if svg else None,
        "generated_at": timezone.now(),
    }
    return render_pdf_template("pilots/pdf/evaluation.html", context)
