"""Benchmark: the monitoring report for 40 municipalities, made by a real Celery worker.

    DATABASE_URL=postgres://…/koncepce_x REDIS_URL=redis://127.0.0.1:6379/N \
        .venv/bin/python scripts/benchmark_monitoring_report.py

Creates 40 municipalities with groups, meetings, a concept with measures, a round, a pilot, a
cooperation with criteria and good-practice attendance (idempotent: reuses them on a second run),
starts one worker process, enqueues the "all municipalities" report and prints the time from
enqueueing to the finished PDF, with its page count. Not a test: the figure goes into the notes.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

N = int(os.environ.get("BENCH_MUNICIPALITIES", "40"))


def main() -> None:
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL and REDIS_URL (your own database and Redis db)")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from analytics.report import report_start
    from portal.models import Job, Municipality

    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_superuser": True,
                                                                                         "is_staff": True})
    if Municipality.objects.filter(slug__startswith="bench-").count() < N:
        populate(N)
    worker = subprocess.Popen([str(ROOT / ".venv" / "bin" / "celery"), "-A", "portal", "worker", "-P", "solo",
                               "-c", "1", "-l", "WARNING"], cwd=ROOT)
    try:
        time.sleep(5)  # let the worker connect before the clock starts
        started = time.monotonic()
        with transaction.atomic():
            job = report_start(actor=admin, municipality=None)
        while True:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    from pypdf import PdfReader

    assert job.status == Job.Status.DONE, job.message
    pages = len(PdfReader(io.BytesIO(job.file.read())).pages)
    count = len(job.params and __import__("analytics.models", fromlist=["ReportSnapshot"]).ReportSnapshot.objects.get(
        pk=job.params["snapshot"]).data["municipalities"])
    print(f"monitoring report: {count} municipalities, {pages} pages, {elapsed:.1f} s from enqueueing to the PDF")


def populate(n: int) -> None:
    from concepts.models import Phase
    from portal.models import Municipality
    from tests.analytics.agency import attend, conference, cooperation, criterion, event
    from tests.analytics.conftest import concept_with_measures, held_meeting, pilot, steering
    from tests.rounds.factories import InvitationFactory, RoundFactory, VersionFactory
    from tests.workgroups.factories import GroupFactory
    from workgroups.models import Method

    forum, conf = event(hours="8", title="Fórum (benchmark)"), conference(title="Konference (benchmark)")
    for i in range(n):
        m, created = Municipality.objects.get_or_create(
            slug=f"bench-{i:02}", defaults={"name": f"Obec Benchmark {i:02}", "code": f"9{i:05}", "region": "Kraj"})
        if not created:
            continue
        held_meeting(steering(m, last_met_days_ago=10 + i), 3, Method.WORLD_CAFE)
        GroupFactory(municipality=m, name="Pracovní skupina")
        concept = concept_with_measures(m, phase=Phase.STRATEGY, linked=5, unlinked=3)
        r = RoundFactory(version=VersionFactory(concept=concept))
        for k in range(4):
            InvitationFactory(round=r, email=f"p{k}@bench{i}.cz")
        pilot(m, housed_now=4, exited=1)
        coop = cooperation(m, months_ago=i % 24, manager=f"Manažer {i}")
        criterion(coop, t0=1, t24=2 + i % 2)
        criterion(coop, competence=False, title="Zapojení cílové skupiny", t0=2)
        attend(forum, m, "8", name=f"Manažer {i}")
        attend(conf, m, str(2 + i % 4), name=f"Manažer {i}")


if __name__ == "__main__":
    main()
