"""Service faults with real processes: a Redis and a PostgreSQL the test starts, stops and restarts
itself on its own port (never the shared ones), and real Celery worker processes.

Ports: Redis 6391–6395, PostgreSQL 5441–5445.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import poll, skip_or_fail

ROOT = Path(__file__).resolve().parents[2]




def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class OwnRedis:
    def __init__(self, port: int, directory: str):
        self.port, self.directory, self.process = port, directory, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        poll(lambda: port_open(self.port), timeout=10, what=f"redis on {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        poll(lambda: not port_open(self.port), timeout=10, what=f"redis on {self.port} to stop")


@pytest.fixture
def own_redis():
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")
    directory = tempfile.mkdtemp(prefix="koncepce-redis-")
    redis = OwnRedis(6391, directory)
    if port_open(redis.port):
        pytest.fail(f"port {redis.port} is taken")
    redis.start()
    yield redis
    redis.stop()
    shutil.rmtree(directory, ignore_errors=True)


def _pg_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return candidates[-1].parent if candidates else None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class OwnPostgres:
    def __init__(self, port: int, directory: Path, bin_dir: Path):
        self.port, self.directory, self.bin = port, directory, bin_dir
        self.data = directory / "data"

    def run(self, *args, **kwargs):
        return subprocess.run(_as_postgres([str(a) for a in args]), check=True, capture_output=True, text=True,  # noqa: S603
                              timeout=60, **kwargs)

    def initdb(self):
        self.run(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8")

    def start(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-l", self.directory / "log", "-w", "-o",
                 f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self):
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")


@pytest.fixture
def own_postgres():
    bin_dir = _pg_bin()
    if bin_dir is None:
        skip_or_fail("PostgreSQL binaries are not installed (/usr/lib/postgresql/*/bin)")
    directory = Path(tempfile.mkdtemp(prefix="koncepce-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    pg = OwnPostgres(5441, directory, bin_dir)
    if port_open(pg.port):
        pytest.fail(f"port {pg.port} is taken")
    pg.initdb()
    pg.start()
    yield pg
    try:
        pg.stop()
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(directory, ignore_errors=True)


def shared_test_database_url() -> str:
    """The pytest database (PostgreSQL only: other processes must reach it)."""
    if connection.vendor != "postgresql":
        skip_or_fail("PostgreSQL is not configured (set DATABASE_URL): worker processes share the test database")
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def service_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "JOB_", "OUTBOX_"))}
    env.update({"PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"})
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Worker:
    """A real `celery worker` (or `celery beat`) process in its own process group, so that SIGKILL
    takes the worker's pool children too."""

    def __init__(self, env: dict, log: Path, name: str, beat: bool = False):
        self.log = log
        self.handle = open(log, "ab")  # noqa: SIM115 - closed in stop()
        if beat:
            command = ["beat", "-s", str(log.with_suffix(".schedule")), "-l", "INFO"]
            ready = b"beat: Starting"
        else:
            command = ["worker", "-Q", "celery,pdf", "-P", "prefork", "-c", "1", "-n", f"{name}@%h", "--without-gossip",
                       "--without-mingle", "-I", "tests.portal.tasks_for_tests", "-l", "INFO"]
            ready = b"ready."
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "celery", "-A", "portal", *command],
            cwd=ROOT, env=env, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
        poll(lambda: ready in log.read_bytes() or self.process.poll() is not None, timeout=60, every=0.2,
                 what=f"{name} to start")
        assert self.process.poll() is None, log.read_text(errors="replace")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.handle.close()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if not self.handle.closed:
            self.handle.close()


@pytest.fixture
def workers(tmp_path):
    started: list[Worker] = []

    def start(env: dict, name: str, beat: bool = False) -> Worker:
        worker = Worker(env, tmp_path / f"{name}.log", name, beat=beat)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def point_celery_at(settings):
    """Point this process's Celery app at another broker (non-eager) for one test."""
    from portal.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager

    def point(url: str):
        app.conf.broker_url, app.conf.task_always_eager = url, False
        app._pool = None
        app.amqp._producer_pool = None

    yield point
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None
