"""The monitoring report: a dated snapshot of the figures, then a PDF rendered from it.

:func:`report_snapshot_create` gathers everything the report shows (a fixed number of queries
whatever the number of municipalities) into JSON and stores it; the worker
(``analytics.tasks.monitoring_report``) renders the PDF from that snapshot alone, so a report made
again from the same snapshot has the same figures.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from concepts.rounds.models import Round
from portal.models import Job, Municipality
from portal.pdf import render_pdf_template
from portal.permissions import shown_count, suppress_small_counts

from . import access
from .agency.facts import attendance_lines
from .agency.scope import agency_data
from .attention import attention_from
from .models import ReportSnapshot, ScoreMoment
from .selectors import round_lines
from .targets import agency_targets

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PDF = "application/pdf"


def _d(value) -> str:
    return formats.date_format(value, "j. n. Y") if value else ""


def _n(value) -> str:
    return formats.number_format(value, decimal_pos=1 if value % 1 else 0, force_grouping=True)


def indicator_charts(user, municipalities, today) -> dict[int, list[dict]]:
    """Each municipality's indicators with their status and chart ("indicators and data"), as JSON;
    small counts hidden as the reader would see them. A fixed number of queries."""
    from .indicators.presenters import plan_chart
    from .indicators.selectors import plan_summaries, plans_for

    suppress = {m.pk: suppress_small_counts(user, m) for m in municipalities}
    result: dict[int, list[dict]] = {m.pk: [] for m in municipalities}
    for summary in plan_summaries(plans_for(list(result)), today=today):
        mid = summary.plan.municipality_id
        chart = plan_chart(summary, suppress=suppress[mid])
        status = summary.status
        result[mid].append({
            "name": f"{summary.indicator.code} {summary.indicator.name}",
            "status": str(status.label) if status else "",
            "off_track": bool(status and status.is_off_track),
            "svg": str(chart.svg),
        })
    return result


def report_data(user, municipalities: list[Municipality], *, now: datetime | None = None, all_scope: bool = False) -> dict:
    """Everything the report shows, as JSON-able values, in the requester's view (small pilot counts
    hidden where they see aggregates only)."""
    now = now or timezone.now()
    data = agency_data(user, municipalities, now=now, all_scope=all_scope)
    targets = agency_targets(data)
    reasons = attention_from(data)
    ids = data.ids
    rounds = list(Round.objects.with_state(now).filter(municipality__in=ids).exclude(status=Round.Status.DRAFT)
                  .order_by("municipality", "-opens_at", "-pk"))
    lines_by_m: dict[int, list] = {pk: [] for pk in ids}
    for line in round_lines(rounds):
        lines_by_m[line.round.municipality_id].append(line)
    attendance = attendance_lines(ids)
    charts = indicator_charts(user, data.municipalities, data.today)
    per_target = {t.key: {x.key: x for x in t.lines} for t in targets if t.key != "conferences"}
    result = {
        "taken_at": now.isoformat(),
        "taken_on": _d(timezone.localdate(now)),
        "targets": [{
            "number": t.number, "label": t.label, "goal": t.goal_text, "part": t.part, "total": t.total,
            "percent": t.ratio.percent, "met": t.met, "definition": t.definition,
            "lines": [{"name": x.name, "counted": x.counted, "in_denominator": x.in_denominator, "reason": x.reason}
                      for x in t.lines],
        } for t in targets],
        "municipalities": [],
    }
    for m in data.municipalities:
        row, coop = data.rows[m.pk], data.coops[m.pk]
        c = coop.cooperation
        suppress = suppress_small_counts(user, m)
        p = row.pilots
        result["municipalities"].append({
            "name": m.name, "region": m.region,
            "phase": row.phase_label,
            "cooperation": None if c is None else {
                "starts_on": _d(c.starts_on), "planned_end_on": _d(c.planned_end_on),
                "month": min(c.month_of(data.today), c.total_months), "months": c.total_months,
                "areas": c.area_labels, "consultants": [u.get_full_name() or u.username for u in c.consultants.all()],
                "contacts": [{"name": x.name, "position": x.position, "email": x.email, "phone": x.phone,
                              "manager": x.is_inclusion_manager} for x in c.contacts.all()],
                "note": c.note,
            },
            "criteria": [{
                "title": cf.criterion.title, "competence": cf.criterion.is_competence, "max": cf.max_level,
                "t0": cf.t0, "midway": cf.scores[ScoreMoment.MIDWAY].level if ScoreMoment.MIDWAY in cf.scores else None,
                "t24": cf.t24,
            } for cf in coop.criteria],
            "indicators": charts.get(m.pk, []),
            "targets": [{"number": t.number, "label": t.label, "counted": per_target[t.key][m.pk].counted,
                         "in_denominator": per_target[t.key][m.pk].in_denominator,
                         "reason": per_target[t.key][m.pk].reason} for t in targets if t.key in per_target],
            "pilots": None if not p.programmes else {
                "programmes": p.programmes, "housed": shown_count(p.housed, suppress=suppress), "target": p.target,
                "occupied": shown_count(p.occupied, suppress=suppress), "capacity": p.capacity, "hidden": suppress,
            },
            "rounds": [{
                "title": x.round.title, "state": str(x.round.get_state_display()), "deadline": _d(x.round.deadline),
                "responded": x.responded, "invited": x.invited, "comments": x.comments, "unsettled": x.unsettled,
                "settled": x.comments - x.unsettled,
            } for x in lines_by_m[m.pk]],
            "attendance": [{"event": a.event.title, "kind": str(a.event.get_kind_display()), "date": _d(a.event.held_on),
                            "name": a.name, "manager": a.is_inclusion_manager, "hours": _n(a.hours)}
                           for a in attendance[m.pk]],
            "reasons": [r.text for r in reasons[m.pk]],
        })
    return result


def report_snapshot_create(*, actor: User, municipalities: list[Municipality], all_scope: bool = False,
                           single: Municipality | None = None) -> ReportSnapshot:
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        data = report_data(actor, municipalities, now=now, all_scope=all_scope)
    return ReportSnapshot.objects.create(taken_at=now, created_by=actor, municipality=single, data=data)


def report_start(*, actor: User, municipality: Municipality | None, cache_key: str | None = None) -> Job:
    """Start the worker on the report of one municipality, or of all the actor may analyse. The
    worker takes the dated snapshot first (so the request returns at once) and renders from it."""
    from portal.jobs import job_start

    from .tasks import monitoring_report

    if cache_key and (existing := Job.objects.filter(cache_key=cache_key).exclude(status=Job.Status.FAILED).first()):
        return existing
    scope = [municipality] if municipality is not None else access.dashboard_scope(actor)
    title = (_("Monitoring report: %(m)s") % {"m": municipality.name} if municipality
             else _("Monitoring report: all municipalities"))
    return job_start(
        kind="analytics.monitoring_report", title=title, task=monitoring_report, municipality=municipality,
        actor=actor, permission=access.VIEW,
        params={"user": actor.pk, "municipalities": [m.pk for m in scope], "single": getattr(municipality, "pk", None),
                "all_scope": municipality is None and access.is_all_scope(actor)},
        private=municipality is None, cache_key=cache_key,
    )


def _job_snapshot(job: Job, progress) -> ReportSnapshot:
    """The job's snapshot: taken once, on the first run, and named in the job so that a retry or a
    second delivery renders the same figures."""
    if job.params.get("snapshot"):
        return ReportSnapshot.objects.get(pk=job.params["snapshot"])
    progress(5, _("Reading the figures"))
    user = get_user_model().objects.get(pk=job.params["user"])
    scope = Municipality.objects.filter(pk__in=job.params["municipalities"]).order_by("name")
    if not user.is_superuser:
        scope = scope.filter(pk__in=access.analysable(user).values("pk"))  # still allowed when the worker runs
    single = Municipality.objects.filter(pk=job.params.get("single")).first() if job.params.get("single") else None
    snapshot = report_snapshot_create(actor=user, municipalities=list(scope), single=single,
                                      all_scope=bool(job.params.get("all_scope")))
    job.params = {**job.params, "snapshot": str(snapshot.pk)}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    return snapshot


def render_report(snapshot: ReportSnapshot, progress=lambda p, m="": None) -> bytes:
    data = snapshot.data
    with translation.override(settings.LANGUAGE_CODE):
        progress(20, _("Typesetting"))
        scope = snapshot.municipality.name if snapshot.municipality_id else _("All municipalities in scope")
        return render_pdf_template("analytics/pdf/report.html", {"data": data, "scope": scope,
                                                                 "single": snapshot.municipality_id is not None})


def build_report_pdf(job: Job, progress) -> tuple[str, bytes, str]:
    snapshot = _job_snapshot(job, progress)
    content = render_report(snapshot, progress)
    stamp = timezone.localdate(snapshot.taken_at).isoformat()
    name = slugify(snapshot.municipality.slug) if snapshot.municipality_id else "vsechny-obce"
    return f"monitorovaci-zprava-{name}-{stamp}.pdf", content, PDF
