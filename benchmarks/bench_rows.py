"""Benchmark: the pages that grow with rows, rendered in-process (no server, no load generator),
so that the figure is the page's own work: the view, its queries and its template.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koncepce_<name> \
        .venv/bin/python benchmarks/bench_rows.py [renders]

It seeds one full municipality at the default scale (150 sections, rounds of 300 comments, 130
households) inside a transaction that is rolled back at the end, warms each page once (the stored
rendering of a frozen version), then times ``renders`` (default 20) GETs of each page and prints
the median wall time and the median and least CPU time of this process in milliseconds (CPU time
is what the page costs in Python and moves less with the machine's load; the least, least of all),
the number of queries of one GET and the size of the page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

PAGES = [
    ("outline", "/m/{slug}/concept/{concept}/", "gestor"),
    ("settlement table", "/m/{slug}/rounds/{published_round}/table/", "gestor"),
    ("round statistics", "/m/{slug}/rounds/{published_round}/", "gestor"),
    ("partner's reading page", "/m/{slug}/rounds/{open_round}/read/", "partner"),
    ("household list", "/m/{slug}/pilots/households/", "coordinator"),
]


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

    renders = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    User = get_user_model()
    try:
        with transaction.atomic():
            started = time.monotonic()
            targets = seed(municipalities=1, full=1, scale=FULL, prefix="rowsbench", first_code=700000).targets
            print(f"seeded in {time.monotonic() - started:.0f} s; {renders} renders per page; "
                  f"load {os.getloadavg()[0]:.1f}")
            print(f"{'page':<24} {'median ms':>10} {'median CPU ms':>13} {'min CPU ms':>10} {'queries':>8} {'KiB':>6}")
            for name, path, who in PAGES:
                client = Client()
                user = User.objects.get(username=targets[who])
                client.force_login(user)
                # Signed in with a verified second factor, as the roles that see households must.
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get_or_create(
                    user=user, name="bench", defaults={"confirmed": True})[0].persistent_id
                session.save()
                url = path.format(**targets)
                assert client.get(url).status_code == 200, url  # warm
                with CaptureQueriesContext(connection) as captured:
                    client.get(url)
                queries = len(captured)  # now: the next request clears the log
                wall, cpu = [], []
                for _ in range(renders):
                    t, c = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    wall.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
                    assert response.status_code == 200
                print(f"{name:<24} {statistics.median(wall):>10.1f} {statistics.median(cpu):>13.1f} {min(cpu):>10.1f} "
                      f"{queries:>8} {len(response.content) // 1024:>6}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
