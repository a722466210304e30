"""Benchmark: the pages that grow with rows, rendered in-process (no server, no load generator),
so that the figure is the page's own work: the view, its queries and its template.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koncepce_<name> \
        .venv/bin/python benchmarks/bench_rows.py [renders] [--page PART] [--profile PART]

It seeds one full municipality at the default scale (150 sections, rounds of 300 comments, 130
households) and 39 thin ones (``make bench``'s default profile has 40 municipalities, each with
the four catalogue indicators and five years of values, which the consultant's indicator matrix
shows) inside a transaction that is rolled back at the end, analyses the tables (as ``make bench`` and
autovacuum do, so that the planner knows how many rows there are), warms each page once (the stored
rendering of a frozen version), then times ``renders`` (default 20) GETs of each page and prints
the median wall time and the median and least CPU time of this process in milliseconds (CPU time
is what the page costs in Python and moves less with the machine's load; the least, least of all),
the number of queries of one GET and the size of the page. The trivial view (the whole middleware
stack, no database) is the first row: ``make bench``'s ratios are to it.

``--page PART`` times only the pages whose name contains PART; ``--profile PART`` runs those pages'
GETs under cProfile and prints the costliest functions instead of timing them (BENCH_SORT, default
cumulative; BENCH_LINES, default 35); ``--dump DIR`` writes each page's HTML there (to compare
a page before and after a change).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

PAGES = [
    ("trivial view", "/bench/trivial/", "gestor"),
    ("outline", "/m/{slug}/concept/{concept}/", "gestor"),
    ("settlement table", "/m/{slug}/rounds/{published_round}/table/", "gestor"),
    ("round statistics", "/m/{slug}/rounds/{published_round}/", "gestor"),
    ("partner's reading page", "/m/{slug}/rounds/{open_round}/read/", "partner"),
    ("household list", "/m/{slug}/pilots/households/", "coordinator"),
    ("indicator matrix", "/consultant/indicators/", "consultant"),
]
MUNICIPALITIES = 40  # as make bench's default profile: the consultant's indicator matrix lists them all


class Rollback(Exception):
    pass


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from benchmarks.seed import FULL, seed
    from benchmarks.timing import timed_gets

    parser = argparse.ArgumentParser()
    parser.add_argument("renders", nargs="?", type=int, default=20)
    parser.add_argument("--page", default="", help="only the pages whose name contains this")
    parser.add_argument("--profile", default="", help="profile the pages whose name contains this")
    parser.add_argument("--dump", default="", help="write each page's HTML into this folder")
    args = parser.parse_args()
    renders = args.renders
    pages = [p for p in PAGES if args.page in p[0] and args.profile in p[0]]
    User = get_user_model()
    try:
        with transaction.atomic():
            started = time.monotonic()
            targets = seed(municipalities=MUNICIPALITIES, full=1, scale=FULL, prefix="rowsbench", first_code=700000).targets
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as make bench does: the planner knows the seeded tables
            print(f"seeded in {time.monotonic() - started:.0f} s; {renders} renders per page; "
                  f"load {os.getloadavg()[0]:.1f}")
            print(f"{'page':<24} {'median ms':>10} {'median CPU ms':>13} {'min CPU ms':>10} {'queries':>8} {'KiB':>6}")
            for name, path, who in pages:
                client = Client()
                user = User.objects.get(username=targets[who])
                client.force_login(user)
                # Signed in with a verified second factor, as the roles that see households must.
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get_or_create(
                    user=user, name="bench", defaults={"confirmed": True})[0].persistent_id
                session.save()
                url = path.format(**targets)
                warm = client.get(url)
                assert warm.status_code == 200, url
                if args.dump:
                    Path(args.dump).mkdir(parents=True, exist_ok=True)
                    (Path(args.dump) / f"{name.replace(' ', '_')}.html").write_bytes(warm.content)
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                queries = len(captured)  # now: the next request clears the log
                if args.profile:
                    profile(client, url, renders, name)
                    continue
                wall, cpu, response = timed_gets(client, url, renders)
                print(f"{name:<24} {statistics.median(wall):>10.1f} {statistics.median(cpu):>13.1f} {min(cpu):>10.1f} "
                      f"{queries:>8} {len(response.content) // 1024:>6}")
            raise Rollback
    except Rollback:
        pass


def profile(client, url: str, renders: int, name: str) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        client.get(url)
    profiler.disable()
    print(f"--- {name}: {renders} GETs")
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(int(os.environ.get("BENCH_LINES", "35")))


if __name__ == "__main__":
    main()
