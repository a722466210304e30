"""`make bench`: seed a synthetic national data set into its own PostgreSQL database, serve the
portal with gunicorn (2 sync workers) and load the key pages with wrk, then measure the PDF export
and run any other ``benchmarks/bench_*.py``. Prints a results table and writes it to
``benchmarks/results/``.

Every figure is the median of ``--runs`` runs; each page's throughput is also given as a ratio to
the trivial view served by the same server in the same run, which is what to compare across
machines (this one is shared and noisy; the load average is noted with each row).

Environment: ``DATABASE_URL`` (the benchmark database; it is dropped and re-created),
``REDIS_URL`` (the cache). benchmarks/bench.sh sets both and installs wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")


def log(text: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


def load() -> float:
    return os.getloadavg()[0]


# --- database ----------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    from urllib.parse import urlparse

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name.startswith("koncepce_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the benchmark database's name starts with koncepce_bench")
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    subprocess.run(["dropdb", "--if-exists", "--force", *args, name], check=True)
    subprocess.run(["createdb", *args, name], check=True)


def seed_database(profile: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.seed import PROFILES, seed

    call_command("migrate", verbosity=0)
    municipalities, full, scale = PROFILES[profile]
    started = time.monotonic()
    targets = seed(municipalities=municipalities, full=full, scale=scale).targets
    targets["seed_seconds"] = round(time.monotonic() - started, 1)
    with django.db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return targets


def sessions(targets: dict, keys: set[str]) -> dict[str, str]:
    """A signed-in session for each user the pages need (no passwords, no login requests)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    out = {}
    for key in keys:
        user = get_user_model().objects.get(username=targets[key])
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # Every user signs in with a verified second factor, as the roles that see household
        # identities must (portal/session_middleware.py); the OTP middleware's cost is measured too.
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.save()
        out[key] = store.session_key
    return out


def row_counts() -> dict[str, int]:
    from django.db import connection

    tables = ["portal_municipality", "concepts_versionsection", "rounds_comment", "workgroups_meeting",
              "pilots_household", "pilots_supportcontact"]
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 — fixed table names
            counts[table] = cursor.fetchone()[0]
    return counts


# --- server and load ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1, stopped by its own pid."""

    def __init__(self, env: dict | None = None, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", **(env or {})},
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/bench/trivial/", timeout=30)  # noqa: S310 — 127.0.0.1
                return
            except OSError:  # not listening yet, or a worker still starting
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not answer within 120 s")

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(base: str, path: str, session: str) -> tuple[int, int]:
    """(status, size) of one request, without following redirects: every key page must answer 200."""
    from django.conf import settings

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base + path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, 0


def drain(base: str, session: str) -> None:
    """Wait until the server has worked off what wrk left queued when it stopped (sync workers go
    on serving requests whose client has gone), so that the next measurement starts idle."""
    deadline = time.monotonic() + 600
    done = 0
    while done < 4 and time.monotonic() < deadline:  # first come, first served: these wait behind the backlog
        try:
            check(base, "/bench/trivial/", session)
            done += 1
        except OSError:  # timed out behind a long backlog: ask again
            continue


def wrk(base: str, path: str, session: str, connections: int, seconds: int) -> dict:
    from django.conf import settings

    command = [
        "wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s",
        "-s", str(ROOT / "benchmarks" / "report.lua"),
        "-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={session}", base + path,
    ]
    before = load()
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 120).stdout
    drain(base, session)
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["load"] = (before + load()) / 2
    return data


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load_pages(base: str, pages, targets: dict, cookies: dict, *, runs: int, seconds: int,
               concurrency: list[int]) -> list[dict]:
    from benchmarks.pages import TRIVIAL

    everything = [TRIVIAL, *pages]
    for page in everything:  # warm both workers (first use renders and stores frozen versions)
        for _ in range(3):
            status, size = check(base, page.url(targets), cookies[page.user])
        if status != 200:
            raise SystemExit(f"{page.name}: {page.url(targets)} answered {status}, not 200")
        log(f"{page.name}: 200, {size / 1024:.0f} KiB")
    raw: dict[tuple[str, int], list[dict]] = {}
    for run in range(1, runs + 1):
        for c in concurrency:
            for page in everything:
                result = wrk(base, page.url(targets), cookies[page.user], c, seconds)
                raw.setdefault((page.name, c), []).append(result)
                log(f"run {run} c={c} {page.name}: {result['rps']:.1f} req/s p95 {result['p95'] / 1000:.0f} ms "
                    f"(load {result['load']:.1f}, errors {result['errors'] + result['non2xx']})")
    rows = []
    for page in everything:
        for c in concurrency:
            results = raw[(page.name, c)]
            trivial = raw[(TRIVIAL.name, c)]
            ratios = [r["rps"] / t["rps"] for r, t in zip(results, trivial, strict=True) if t["rps"]]
            rows.append({
                "page": page.name, "c": c, "rps": median(r["rps"] for r in results),
                "p50": median(r["p50"] for r in results) / 1000, "p95": median(r["p95"] for r in results) / 1000,
                "p99": median(r["p99"] for r in results) / 1000, "ratio": median(ratios),
                "errors": sum(r["errors"] + r["non2xx"] for r in results), "load": median(r["load"] for r in results),
            })
    return rows


# --- in-process measurements -------------------------------------------------------------------


def measure_pdf(targets: dict, repeat: int = int(os.environ.get("BENCH_PDF_REPEAT", "3"))) -> dict:
    """The version PDF as the export task builds it, against bare WeasyPrint on the same HTML."""
    from types import SimpleNamespace

    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from concepts.exports import build_version_pdf, measure_rows
    from concepts.models import SectionKind, Version
    from concepts.rendering import with_bodies
    from concepts.selectors import version_sections
    from portal.pdf import _fetcher_class

    version = Version.objects.select_related("concept__municipality").get(
        concept_id=targets["concept"], number=targets["version"])
    job = SimpleNamespace(target=version)
    task_times, bare_times = [], []
    with translation.override(settings.LANGUAGE_CODE):
        sections = with_bodies(version, version_sections(version))
        for section in sections:
            section.rows = measure_rows(section.data) if section.kind == SectionKind.MEASURE else []
        html = render_to_string("concepts/pdf/version.html", {
            "version": version, "municipality": version.concept.municipality, "sections": sections})
    base_url = str(Path(settings.STATICFILES_DIRS[0]).resolve()) + "/"
    for _ in range(repeat):
        started = time.monotonic()
        _name, content, _type = build_version_pdf(job, lambda *a, **k: None)
        task_times.append(time.monotonic() - started)
        started = time.monotonic()
        HTML(string=html, base_url=base_url, url_fetcher=_fetcher_class()()).write_pdf()
        bare_times.append(time.monotonic() - started)
    try:
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(content)).pages)
    except ImportError:
        pages = None
    task, bare = median(task_times), median(bare_times)
    return {"sections": len(sections), "pages": pages, "task_s": task, "bare_s": bare, "ratio": task / bare,
            "load": load()}


def measure_floor(targets: dict, cookies_for, n: int = 100) -> list[dict]:
    """Cost of each middleware and of the context processors, in-process (django.test.Client on
    the trivial views): the full stack, then the stack without one middleware at a time."""
    import logging

    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings

    session = cookies_for
    full = list(settings.MIDDLEWARE)
    logging.disable(logging.CRITICAL)  # the stacks missing a middleware others need fail loudly

    def run(path) -> tuple[float, int]:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.get(path)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
            client.get(path)
        best = float("inf")
        for _ in range(3):  # the best of three: the machine is shared
            started = time.perf_counter()
            for _ in range(n):
                client.get(path)
            best = min(best, (time.perf_counter() - started) / n * 1e6)
        return best, len(queries)

    def timed(middleware, path) -> tuple[float, int]:
        if middleware == full:
            return run(path)
        with override_settings(MIDDLEWARE=middleware):
            return run(path)

    rows = []
    base_us, base_q = timed(full, "/bench/trivial/")
    rows.append({"what": "trivial view, full middleware stack", "us": base_us, "queries": base_q})
    t_us, t_q = timed(full, "/bench/template/")
    rows.append({"what": "trivial template view (session, user, context processors)", "us": t_us, "queries": t_q})
    for middleware in full:
        try:
            us, _q = timed([m for m in full if m != middleware], "/bench/trivial/")
        except Exception as exc:  # some middleware needs another (axes needs the user)
            rows.append({"what": f"without {middleware.rsplit('.', 1)[-1]}: {exc.__class__.__name__}", "us": None,
                         "queries": None})
            continue
        rows.append({"what": f"without {middleware.rsplit('.', 1)[-1]}", "us": us, "queries": None,
                     "saves_us": base_us - us})
    none_us, _ = timed([], "/bench/trivial/")
    rows.append({"what": "no middleware at all", "us": none_us, "queries": None, "saves_us": base_us - none_us})
    logging.disable(logging.NOTSET)
    return rows


def run_other_benchmarks(env: dict) -> list[tuple[str, int, str]]:
    """Every benchmarks/bench_*.py (other issues' benchmarks join here), each in its own process."""
    out = []
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        log(f"running {script.name}")
        started = time.monotonic()
        proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60 * 60)
        text = (proc.stdout + ("\n" + proc.stderr if proc.returncode else "")).strip()
        out.append((script.name, proc.returncode, f"{text}\n(took {time.monotonic() - started:.0f} s, "
                    f"load {load():.1f})"))
    return out


# --- report ------------------------------------------------------------------------------------


def fmt(value, digits=1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def report(args, targets, counts, rows, floor_rows, pdf, persistent, others) -> str:
    cpus = os.cpu_count()
    lines = [
        f"# make bench — profile {args.profile}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {cpus} CPUs, load average at the end {os.getloadavg()}. gunicorn 2 sync workers, wrk "
        f"{args.seconds} s per measurement, median of {args.runs} runs. Seeded in {targets.get('seed_seconds')} s: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items()),
        "",
        "| page | users | req/s | p50 ms | p95 ms | p99 ms | ratio to trivial | errors | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['page']} | {r['c']} | {fmt(r['rps'])} | {fmt(r['p50'])} | {fmt(r['p95'])} | "
                     f"{fmt(r['p99'])} | {fmt(r['ratio'], 3)} | {r['errors']} | {fmt(r['load'])} |")
    if persistent:
        lines += ["", "Persistent connections (trivial template view: session and user from the database, 8 users):", "",
                  "| CONN_MAX_AGE | req/s | p95 ms | load |", "|---|---|---|---|"]
        for age, r in persistent:
            lines.append(f"| {age} | {fmt(r['rps'])} | {fmt(r['p95'] / 1000)} | {fmt(r['load'])} |")
    if floor_rows:
        lines += ["", "Per-request floor in-process (django.test.Client, µs per request):", "",
                  "| configuration | µs | saves µs | queries |", "|---|---|---|---|"]
        for r in floor_rows:
            lines.append(f"| {r['what']} | {fmt(r['us'], 0)} | {fmt(r.get('saves_us'), 0)} | "
                         f"{'' if r['queries'] is None else r['queries']} |")
    if pdf:
        lines += ["", f"PDF of a {pdf['sections']}-section version ({pdf['pages']} pages): export task "
                  f"{pdf['task_s']:.2f} s, bare WeasyPrint on the same HTML {pdf['bare_s']:.2f} s, ratio "
                  f"{pdf['ratio']:.2f} (load {pdf['load']:.1f})."]
    for name, code, text in others:
        lines += ["", f"## {name} ({'ok' if code == 0 else f'exit {code}'})", "", "```", text, "```"]
    return "\n".join(lines) + "\n"


def main() -> None:
    from benchmarks.seed import PROFILES

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default=os.environ.get("BENCH_PROFILE", "default"))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument("--users", default=os.environ.get("BENCH_USERS", "8,20"))
    parser.add_argument("--pages", default=os.environ.get("BENCH_PAGES", ""), help="only pages whose name contains one of these (comma-separated)")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database of the last run")
    parser.add_argument("--pages-only", action="store_true", default=os.environ.get("BENCH_PAGES_ONLY") == "1",
                        help="load the pages only: no floor, PDF or other benchmarks (BENCH_PAGES_ONLY=1)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make bench` (benchmarks/bench.sh installs it from Debian)")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the benchmark's PostgreSQL database (benchmarks/bench.sh does)")
    state = RESULTS / "targets.json"
    if args.skip_seed and state.exists():
        import django

        django.setup()
        targets = json.loads(state.read_text())
    else:
        log(f"re-creating the database and seeding profile {args.profile!r}")
        recreate_database(url)
        targets = seed_database(args.profile)
        RESULTS.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(targets, indent=1))
        log(f"seeded in {targets['seed_seconds']} s")
    from benchmarks.pages import PAGES, TRIVIAL

    wanted = [part.strip().lower() for part in args.pages.split(",")]
    pages = [p for p in PAGES if any(part in p.name.lower() for part in wanted)]
    cookies = sessions(targets, {p.user for p in [TRIVIAL, *pages]})
    counts = row_counts()
    from django.db import connections

    connections.close_all()
    users = [int(x) for x in args.users.split(",")]
    with Server() as server:
        rows = load_pages(server.base, pages, targets, cookies, runs=args.runs, seconds=args.seconds, concurrency=users)
    persistent, floor_rows, pdf, others = [], [], None, []
    if not args.pages_only:
        for age in ("0", "600"):
            with Server(env={"DATABASE_CONN_MAX_AGE": age}) as server:
                check(server.base, "/bench/template/", cookies[TRIVIAL.user])
                persistent.append((age, wrk(server.base, "/bench/template/", cookies[TRIVIAL.user], 8, args.seconds)))
        log("measuring middleware and context processors in-process")
        floor_rows = measure_floor(targets, cookies[TRIVIAL.user])
        log("measuring the PDF export")
        pdf = measure_pdf(targets)
        others = run_other_benchmarks(dict(os.environ))
    text = report(args, targets, counts, rows, floor_rows, pdf, persistent, others)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{args.profile}.md"
    out.write_text(text)
    print("\n" + text)
    log(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
