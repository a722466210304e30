"""Charts rendered on the server as SVG with matplotlib, the same on a page, in the concept PDF and
in the reports.

:func:`line_chart` returns a :class:`Chart`: ``svg`` is inline-ready markup that carries a
``<title>`` and a ``<desc>``, scales to the width of its container (so it fits the page width in a
PDF) and uses presentation attributes only (the pages' Content Security Policy allows no inline
styles); ``rows`` is the same data as a table, to print next to the chart, so that a screen reader
and a printout carry the same information. A value hidden for privacy is drawn as a grey "hidden"
mark at its period, never as 0, and the table says "hidden".
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


class _Hidden:
    """A value withheld for privacy (a small count seen from outside the municipality)."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = _Hidden()

Number = Decimal | int | float
PointValue = Number | None | _Hidden

LINE = "#0b5394"
BASELINE = "#6c757d"
TARGET = "#1a7f37"
MILESTONE = "#9a6700"
HIDDEN_MARK = "#6c757d"


def number_text(value: Number | None, decimals: int = 2) -> str:
    """A number as the active language writes it (Czech: ``4 000,5``)."""
    if value is None:
        return "–"
    value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals)).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def value_text(value: PointValue, unit: str = "") -> str:
    if value is HIDDEN:
        return _("hidden (fewer than 5)")
    if value is None:
        return _("no value")
    return f"{number_text(value)} {unit}".strip()


@dataclass
class Row:
    label: str
    value: str
    note: str = ""


@dataclass
class Chart:
    title: str
    description: str
    svg: SafeString
    rows: list[Row] = field(default_factory=list)
    headers: tuple[str, str, str] = ("", "", "")
    chart_id: str = ""

    def __html__(self) -> str:
        return self.svg


_STYLE_ATTR = re.compile(r' style="([^"]*)"')
_PRESENTATION = {
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
    "stroke-dashoffset", "stroke-opacity", "stroke-miterlimit", "opacity", "font-size", "font-family",
    "font-weight", "font-style", "text-anchor", "clip-path", "dominant-baseline",
}


def _style_to_attributes(match: re.Match) -> str:
    attrs = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name == "font":
            size, _sep, family = value.partition(" ")
            attrs.append(f'font-size="{size}"')
            name, value = "font-family", family
        if name in _PRESENTATION:
            attrs.append(f'{name}="{value.replace(chr(34), chr(39))}"')
    return (" " + " ".join(attrs)) if attrs else ""


def _inline_svg(raw: str, *, chart_id: str, title: str, description: str) -> str:
    """matplotlib's SVG file made into markup for an HTML page or a PDF."""
    svg = raw[raw.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r'<g id="[^"]*"', "<g", svg)
    svg = _STYLE_ATTR.sub(_style_to_attributes, svg)
    head_end = svg.index(">")
    head = svg[:head_end]
    head = re.sub(r' width="[^"]*"', ' width="100%"', head)
    head = re.sub(r' height="[^"]*"', "", head)
    head += (
        f' role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart-svg"'
        ' preserveAspectRatio="xMidYMid meet" stroke-linejoin="round" stroke-linecap="butt"'
    )
    accessible = f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
    return head + ">" + accessible + svg[head_end + 1:]


def describe(title: str, points, unit: str, baseline, target) -> str:
    shown = [(label, v) for label, v in points if v is not None and v is not HIDDEN]
    parts = [title + "."]
    if shown:
        parts.append(_("From %(first_label)s (%(first)s) to %(last_label)s (%(last)s).") % {
            "first_label": shown[0][0], "first": value_text(shown[0][1], unit),
            "last_label": shown[-1][0], "last": value_text(shown[-1][1], unit),
        })
    else:
        parts.append(_("No values yet."))
    hidden = [label for label, v in points if v is HIDDEN]
    if hidden:
        parts.append(_("Hidden for privacy: %(periods)s.") % {"periods": ", ".join(hidden)})
    if baseline is not None:
        parts.append(_("Baseline %(value)s.") % {"value": value_text(baseline, unit)})
    if target is not None:
        parts.append(_("Target %(value)s.") % {"value": value_text(target, unit)})
    return " ".join(parts)


def line_chart(
    *,
    title: str,
    points: Sequence[tuple[str, PointValue]],
    unit: str = "",
    description: str = "",
    baseline: Number | None = None,
    target: Number | None = None,
    milestones: Sequence[tuple[str, Number]] = (),
    label_header: str = "",
    value_header: str = "",
    chart_id: str = "",
) -> Chart:
    """A line chart of ``points`` — (period label, value) in order; a value may be ``None`` (no
    value: a gap) or :data:`HIDDEN` (drawn as hidden) — with optional baseline and target lines and
    milestone marks (label of a period, value). The same input always gives the same SVG."""
    # matplotlib is imported here, not at module level: workers that never draw (imports) stay small.
    # A Figure of its own (no pyplot): thread-safe, and no GUI backend is ever chosen.
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    points = list(points)
    key = chart_id or "c" + hashlib.sha256(repr((title, points, baseline, target, milestones)).encode()).hexdigest()[:10]
    description = description or describe(title, points, unit, baseline, target)
    labels = [label for label, _v in points]
    xs = list(range(len(points)))
    numbers = [float(v) if v is not None and v is not HIDDEN else None for _l, v in points]

    figure = Figure(figsize=(7.0, 2.8), dpi=72)
    axes = figure.add_subplot()
    axes.plot(xs, [float("nan") if n is None else n for n in numbers], color=LINE, marker="o", linewidth=2,
              label=_("value"))
    known = [n for n in numbers if n is not None]
    for extra in (baseline, target, *[v for _l, v in milestones]):
        if extra is not None:
            known.append(float(extra))
    floor = min([0.0, *known]) if known else 0.0
    top = max(known) if known else 1.0
    if baseline is not None:
        axes.axhline(float(baseline), color=BASELINE, linestyle="--", linewidth=1.2, label=_("baseline"))
    if target is not None:
        axes.axhline(float(target), color=TARGET, linestyle="-.", linewidth=1.5, label=_("target"))
    for label, amount in milestones:
        if label in labels:
            axes.plot([labels.index(label)], [float(amount)], marker="D", color=MILESTONE, linestyle="none")
    for x, (_label, v) in enumerate(points):
        if v is HIDDEN:
            axes.axvspan(x - 0.3, x + 0.3, color=HIDDEN_MARK, alpha=0.15, linewidth=0)
            axes.annotate(_("hidden"), (x, floor + (top - floor) * 0.5), ha="center", va="center", fontsize=9,
                          color=HIDDEN_MARK, rotation=90)
    axes.set_xticks(xs, labels)
    axes.set_xlim(-0.5, max(len(points) - 0.5, 0.5))
    axes.set_ylim(bottom=floor, top=top * 1.1 if top > 0 else 1.0)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: number_text(y, 1)))
    if unit:
        axes.set_ylabel(unit)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="upper left", fontsize=8, frameon=False, ncols=3)
    figure.tight_layout()
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": key}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})

    rows = [Row(label, value_text(v, unit), _("hidden for privacy") if v is HIDDEN else "") for label, v in points]
    for label, amount in milestones:
        rows.append(Row(label, value_text(amount, unit), _("milestone")))
    if baseline is not None:
        rows.append(Row(_("Baseline"), value_text(baseline, unit), _("baseline")))
    if target is not None:
        rows.append(Row(_("Target"), value_text(target, unit), _("target")))
    svg = _inline_svg(buffer.getvalue(), chart_id=key, title=title, description=description)
    return Chart(
        title=title, description=description, svg=mark_safe(svg), rows=rows,  # noqa: S308 -- built here, texts escaped
        headers=(label_header or _("Period"), value_header or _("Value"), _("Note")), chart_id=key,
    )


def sparkline(values: Sequence[PointValue], *, label: str, width: int = 96, height: int = 24) -> SafeString:
    """A tiny line of the values (hidden and missing ones left as gaps), with a text alternative."""
    numbers = [float(v) if v is not None and v is not HIDDEN else None for v in values]
    known = [n for n in numbers if n is not None]
    parts = []
    if len(known) >= 1:
        low, high = min(known), max(known)
        span = (high - low) or 1.0
        step = (width - 4) / max(len(numbers) - 1, 1)
        segment: list[str] = []
        for i, n in enumerate(numbers):
            if n is None:
                if segment:
                    parts.append(segment)
                segment = []
                continue
            segment.append(f"{2 + i * step:.1f},{height - 2 - (n - low) / span * (height - 4):.1f}")
        if segment:
            parts.append(segment)
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="{LINE}" stroke-width="1.5"/>' if len(s) > 1
        else f'<circle cx="{s[0].split(",")[0]}" cy="{s[0].split(",")[1]}" r="1.5" fill="{LINE}"/>'
        for s in parts
    )
    return mark_safe(  # noqa: S308 -- numbers and an escaped label only
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>{lines}</svg>'
    )
