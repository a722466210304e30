"""Benchmark: the consultants' monitoring report over every municipality of the bench consultant
(40 in the default profile), made by a real Celery worker, as a consultant asks for it.

Run by `make bench` after the pages, on the benchmark's database; alone, after a `make bench`:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koncepce_bench REDIS_URL=redis://127.0.0.1:6379/0 \
        DJANGO_SETTINGS_MODULE=benchmarks.settings .venv/bin/python benchmarks/bench_monitoring_report.py

The seed has groups, concepts, rounds, pilots and indicators; the agency's own side (a cooperation
with two scored quality criteria, attendance at a forum and a conference) is added here to each
municipality that lacks it, so that every chapter of the report has figures. One worker process
(pool solo, the queues ``celery`` and ``pdf``) is started; the clock runs from the request that
starts the job to the finished PDF. It prints the time, the worker's CPU time, the page count and
the load average.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
TARGETS = ROOT / "benchmarks" / "results" / "targets.json"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def add_agency_side(municipalities) -> int:
    """A cooperation with scored criteria and event attendance for each municipality without one."""
    from analytics.models import Cooperation
    from tests.analytics.agency import attend, conference, cooperation, criterion, event

    missing = [m for m in municipalities if not Cooperation.objects.filter(municipality=m).exists()]
    if missing:
        forum, conf = event(hours="8", title="Fórum (benchmark)"), conference(title="Konference (benchmark)")
        for i, m in enumerate(missing):
            coop = cooperation(m, months_ago=i % 24, manager=f"Manažer {i}")
            criterion(coop, t0=1, t24=2 + i % 2)
            criterion(coop, competence=False, title="Zapojení cílové skupiny", t0=2)
            attend(forum, m, "8", name=f"Manažer {i}")
            attend(conf, m, str(2 + i % 4), name=f"Manažer {i}")
    return len(missing)


def main() -> None:
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL (the benchmark's PostgreSQL database) and REDIS_URL")
    if not TARGETS.exists():
        sys.exit(f"{TARGETS.relative_to(ROOT)} is missing: run `make bench` first (it seeds the data)")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from pypdf import PdfReader

    from analytics import access
    from analytics.report import report_start
    from portal.celery import app
    from portal.models import Job

    app.conf.task_always_eager = False
    consultant = get_user_model().objects.get(username=json.loads(TARGETS.read_text())["consultant"])
    scope = access.dashboard_scope(consultant)
    added = add_agency_side(scope)
    worker = subprocess.Popen(  # noqa: S603 — our own worker
        [str(ROOT / ".venv/bin/celery"), "-A", "portal", "worker", "-Q", "celery,pdf", "--pool=solo",
         "--concurrency=1", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle",
         "--hostname", f"bench-report-{os.getpid()}@%h"],
        cwd=ROOT, env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"bench-report-{os.getpid()}@{os.uname().nodename}"], timeout=1):
            if time.monotonic() > deadline or worker.poll() is not None:
                sys.exit("the worker did not start")
        cpu_before = cpu_seconds(worker.pid)
        started = time.monotonic()
        with transaction.atomic():  # as a request does: the job's message leaves after the commit
            job = report_start(actor=consultant, municipality=None)
        while time.monotonic() - started < 1800:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(worker.pid) - cpu_before
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    if job.status != Job.Status.DONE:
        sys.exit(f"the report did not finish: {job.status} {job.message}")
    pages = len(PdfReader(io.BytesIO(job.file.read())).pages)
    print(f"monitoring report: {len(scope)} municipalities ({added} given the agency's side here), {pages} pages, "
          f"{elapsed:.1f} s from the request to the PDF, worker CPU {cpu:.1f} s, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
