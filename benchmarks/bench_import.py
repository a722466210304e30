"""Benchmark: a 100,000-row statistical-office CSV imported by a real Celery worker.

Run against PostgreSQL and Redis (the worker is started here as a child process and stopped at
the end):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koncepce_<name> REDIS_URL=redis://127.0.0.1:6379/<db> \
        .venv/bin/python benchmarks/bench_import.py [rows]

It prints the preview time (in this process), the import time (confirmation → the upload marked
done, measured by polling) and the worker's peak resident memory (VmHWM of the worker process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def czso_csv(rows: int) -> bytes:
    lines = ["idhod,hodnota,stapro_kod,pohlavi_cis,pohlavi_kod,vek_cis,vek_kod,vuzemi_cis,vuzemi_kod,casref_do,"
             "pohlavi_txt,vek_txt,vuzemi_txt"]
    territories = [("554821", "Ostrava"), ("532053", "Kladno"), ("560286", "Sokolov")]
    n = 0
    year = 1900
    while n < rows:
        for sex, sex_txt in (("1", "muž"), ("2", "žena")):
            for age in range(0, 100, 5):
                for code, name in territories:
                    if n >= rows:
                        break
                    n += 1
                    lines.append(f"{n},{1000 + n % 977},4355,102,{sex},7700,{age},43,{code},{year}-12-31,"
                                 f"{sex_txt},{age}–{age + 4} let,{name}")
        year += 1
    return ("\r\n".join(lines) + "\r\n").encode("cp1250")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process: the work done, whatever else the machine runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the import must run in a real worker.")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from analytics.datasets.services import dataset_upload_confirm, dataset_upload_preview
    from analytics.models import Layout
    from portal.celery import app
    from tests.factories import MunicipalityFactory, UserFactory

    call_command("migrate", verbosity=0)
    app.conf.task_always_eager = False
    data = czso_csv(rows)
    print(f"file: {rows} rows, {len(data) / 1024 / 1024:.1f} MB (Windows-1250)")
    municipality = MunicipalityFactory(slug="benchmark", name="Benchmark", code="554821") \
        if not _exists("554821") else _municipality("554821")
    user = UserFactory(username="benchmark")
    from analytics.models import Territory

    for code, name in (("532053", "Kladno"), ("560286", "Sokolov")):
        Territory.objects.get_or_create(code=code, defaults={"name": name})

    worker = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv/bin/celery"), "-A", "portal", "worker", "--pool=solo", "--concurrency=1",
         "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ.copy(),
    )
    try:
        time.sleep(5)  # let the worker connect; the task waits in Redis meanwhile anyway
        started = time.monotonic()
        upload = dataset_upload_preview(
            municipality=municipality, actor=user, upload_file=SimpleUploadedFile("bench.csv", data),
            title=f"Benchmark {time.time():.0f}", source="ČSÚ", reference_date=date(2025, 12, 31),
            layout=Layout.CZSO,
        )
        preview_s = time.monotonic() - started
        print(f"preview: {preview_s:.1f} s, {upload.preview['rows']} rows, {len(upload.problems)} problems")
        cpu_before = cpu_seconds(worker.pid)
        confirmed = time.monotonic()
        dataset_upload_confirm(upload=upload, actor=user)
        seen = []
        while time.monotonic() - confirmed < 600:
            upload.refresh_from_db()
            if not seen or seen[-1] != upload.progress:
                seen.append(upload.progress)
            if upload.is_finished:
                break
            time.sleep(0.5)
        import_s = time.monotonic() - confirmed
        print(f"import in the worker: {import_s:.1f} s, status {upload.status}: {upload.message}")
        print(f"worker CPU time for the import: {cpu_seconds(worker.pid) - cpu_before:.1f} s")
        print(f"load average during the run: {os.getloadavg()}")
        print(f"progress seen: {seen}")
        print(f"worker peak memory (VmHWM): {peak_rss_mb(worker.pid):.0f} MB")
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def _exists(code: str) -> bool:
    from portal.models import Municipality

    return Municipality.objects.filter(code=code).exists()


def _municipality(code: str):
    from portal.models import Municipality

    return Municipality.objects.get(code=code)


if __name__ == "__main__":
    main()
