"""Benchmark: the consultant's dashboard and home page at 2, 40 and 400 municipalities, rendered
in-process (no server, no load generator), so that the figure is the page's own work.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koncepce_<name> \
        .venv/bin/python benchmarks/bench_dashboard.py [renders] [--keep]

It seeds the ``light`` profile's shape (400 municipalities, 5 of them full; benchmarks/seed.py)
with three consultants: one assigned to 2 of the municipalities, one to 40, one to all 400. It
warms each page once (the cached aggregates, the session), then times ``renders`` (default 20)
GETs of each page and prints the median wall time, the median and least CPU time of this process
in milliseconds (CPU time is what the page costs in Python and moves less with the machine's
load), the number of queries of one GET and the size of the page. The trivial view is the
yardstick (issue 15's target 2: a key page at least a tenth of its throughput). "cold" is the
first request with nothing cached (every municipality's figures computed); "write" the first
request after one municipality on the page changed (its version bumped, as a service does after
its commit): that municipality's figures and the scope's summary are computed again.

The seed is made inside a transaction that is rolled back at the end; ``--keep`` commits it
instead (and reuses it on the next run), for measuring again and again while developing.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

PREFIX = "dashbench"
SCOPES = (2, 40, 400)
PAGES = [
    ("trivial view", "/bench/trivial/", (2,)),
    ("dashboard", "/consultant/", SCOPES),
    ("dashboard, sorted, page 2", "/consultant/?sort=-methods&page=2", SCOPES[1:]),
    ("dashboard, phase filter", "/consultant/?phase=strategy&sort=settled", SCOPES),
    ("consultant home", "/", SCOPES),
]


class Rollback(Exception):
    pass


def _seed() -> dict[int, str]:
    """{scope: username}; the seed's consultant sees all, its second one 2, a third 40."""
    from django.contrib.auth import get_user_model

    from benchmarks.seed import FULL, PROFILES, seed
    from portal.models import Membership, Municipality
    from portal.roles import Role

    User = get_user_model()
    names = {2: f"konzultant2.{PREFIX}", 40: f"konzultant40.{PREFIX}", 400: f"konzultant.{PREFIX}"}
    if User.objects.filter(username=names[40]).exists():
        return names
    municipalities, full, _scale = PROFILES["light"]
    started = time.monotonic()
    seed(municipalities=municipalities, full=full, scale=FULL, prefix=PREFIX, first_code=600000)
    forty = User.objects.create(username=names[40], first_name="Konzultant", last_name="40",
                                password="!unusable")  # noqa: S106 — signed in directly
    Membership.objects.bulk_create([
        Membership(user=forty, municipality=m, role=Role.CONSULTANT)
        for m in Municipality.objects.filter(slug__startswith=f"{PREFIX}-").order_by("pk")[:40]
    ])
    print(f"seeded {municipalities} municipalities ({full} full) in {time.monotonic() - started:.0f} s")
    return names


def _client(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session  # signed in with a verified second factor, as in the benchmark
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True})[0].persistent_id
    session.save()
    return client


def _first_municipality(response) -> int | None:
    """The first municipality on the page (dashboard row or home panel), if any."""
    from portal.models import Municipality

    found = re.search(r'(?:data-municipality|aria-labelledby)="(?:m-)?(dashbench-[0-9]+)"', response.content.decode())
    return Municipality.objects.get(slug=found.group(1)).pk if found else None


def measure(renders: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.timing import timed_gets
    from portal import aggregates

    names = _seed()
    User = get_user_model()
    clients = {scope: _client(User.objects.get(username=name)) for scope, name in names.items()}
    run = uuid.uuid4().hex[:8]
    settings.AGGREGATES_NAMESPACE = f"dashbench-{run}"  # nothing cached by an earlier run
    print(f"{renders} renders per page; load {os.getloadavg()[0]:.1f}")
    print(f"{'page':<27} {'scope':>5} {'median ms':>10} {'median CPU ms':>13} {'min CPU ms':>10} "
          f"{'queries':>8} {'KiB':>5} {'cold CPU ms':>11} {'write CPU ms':>12}")
    for i, (name, url, scopes) in enumerate(PAGES):
        for scope in scopes:
            client = clients[scope]
            settings.AGGREGATES_NAMESPACE = f"dashbench-{run}-{i}-{scope}"  # cold
            c = time.process_time()
            assert client.get(url).status_code == 200, url
            cold = (time.process_time() - c) * 1000
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = len(captured)
            wall, cpu, response = timed_gets(client, url, renders)
            first = _first_municipality(response)  # a write to one municipality shown: what the next reader pays
            if first is not None:
                aggregates._bump_now([first])
            c = time.process_time()
            assert client.get(url).status_code == 200
            after_write = (time.process_time() - c) * 1000
            print(f"{name:<27} {scope:>5} {statistics.median(wall):>10.1f} {statistics.median(cpu):>13.1f} "
                  f"{min(cpu):>10.1f} {queries:>8} {len(response.content) // 1024:>5} {cold:>11.0f} "
                  f"{after_write if first is not None else float('nan'):>12.0f}")


def main() -> None:
    import django

    django.setup()
    from django.db import transaction

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    renders = int(args[0]) if args else 20
    if "--keep" in sys.argv:
        measure(renders)
        return
    try:
        with transaction.atomic():
            measure(renders)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
