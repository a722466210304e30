"""Shared fixtures: municipalities, personas for every role of DESIGN §4, logged-in clients, a
real Celery worker on Redis, and switches that turn "service missing" skips into failures in CI."""

from __future__ import annotations

import os
import shutil
import time

import pytest
from django.db import connection
from django.test import Client

from portal.roles import Role
from tests.factories import MunicipalityFactory, OrganisationFactory, person

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    """In CI every service is there, so a missing one is a failure, not a skip."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes files to its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.5 s a user; tests do not need its strength."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # passwords hashed outside a test (the demo data loaded once per module) still verify
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _second_factor_off(settings):
    """The personas sign in without a second factor; tests/portal/test_otp*.py turn it on."""
    settings.OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def _own_aggregates(settings):
    """Each test reads its own cached aggregates (portal/aggregates.py): the cache outlives the test
    database, and ids repeat across databases."""
    import uuid

    settings.AGGREGATES_NAMESPACE = f"agg-test-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test asks for the real worker (fixture ``celery_worker``)."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


# --- municipalities and personas -------------------------------------------------------------


@pytest.fixture
def ostrava(db):
    return MunicipalityFactory(slug="ostrava", name="Ostrava", code="554821", population=283187)


@pytest.fixture
def kladno(db):
    return MunicipalityFactory(slug="kladno", name="Kladno", code="532053", region="Středočeský kraj")


@pytest.fixture
def ngo(ostrava):
    return OrganisationFactory(municipality=ostrava, name="Charita Ostrava")


@pytest.fixture
def gestor(ostrava):
    return person("gestor", ostrava, Role.GESTOR)


@pytest.fixture
def writer(ostrava):
    return person("metodik", ostrava, Role.WRITER)


@pytest.fixture
def coordinator(ostrava):
    return person("koordinator", ostrava, Role.COORDINATOR)


@pytest.fixture
def social_worker(ostrava):
    return person("socialni", ostrava, Role.SOCIAL_WORKER)


@pytest.fixture
def member(ostrava):
    return person("clen", ostrava, Role.MEMBER)


@pytest.fixture
def partner(ostrava, ngo):
    return person("nno", ostrava, Role.PARTNER, ngo)


@pytest.fixture
def consultant(ostrava, kladno):
    user = person("konzultant", ostrava, Role.CONSULTANT)
    from portal.models import Membership

    Membership.objects.create(user=user, municipality=kladno, role=Role.CONSULTANT)
    return user


@pytest.fixture
def kladno_gestor(kladno):
    return person("gestor.kladno", kladno, Role.GESTOR)


@pytest.fixture
def outsider(kladno):
    """Has a role in Kladno only: "should have no access to Ostrava's stuff"."""
    return person("nno.kladno", kladno, Role.PARTNER)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_for():
    return login


# --- real services ---------------------------------------------------------------------------


@pytest.fixture
def postgres(db):
    """For behaviour that only PostgreSQL has (triggers, constraints, locking)."""
    if connection.vendor != "postgresql":
        skip_or_fail("PostgreSQL is not configured (set DATABASE_URL)")


@pytest.fixture(scope="session")
def _celery_session_worker(django_db_setup, django_db_blocker):
    """One real Celery worker (in a thread of this process) consuming from the Redis broker."""
    if not os.environ.get("REDIS_URL") and not os.environ.get("CELERY_BROKER_URL"):
        skip_or_fail("no broker: set REDIS_URL to run tasks through a real worker")
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings as django_settings

    from portal.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    with django_db_blocker.unblock(), start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING",
        queues=django_settings.WORKER_QUEUES.split(","),  # the PDF queue too (CELERY_TASK_ROUTES)
    ) as worker:
        yield worker
    # The worker thread's own database connection outlives it; close it so that the test
    # database can be dropped at the end of the session.
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def celery_worker(_celery_session_worker, transactional_db):
    """Use in a test whose tasks must go through Redis to the real worker. Tasks run in the
    worker's thread with its own database connection, so the test's data must be committed:
    hence ``transactional_db``."""
    from portal.celery import app

    app.conf.task_always_eager = False
    yield _celery_session_worker
    app.conf.task_always_eager = True


def poll(condition, *, timeout: float = 120, every: float = 0.1, what: str = "the condition"):
    """Ask ``condition()`` until it answers something true, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(every)
    pytest.fail(f"{what} did not happen within {timeout} s")


@pytest.fixture
def job_finished():
    """``job_finished(job)`` waits until a background job is done or failed (a real worker may be
    building it) and returns it fresh from the database; a job still running after the timeout fails
    the test with its status."""

    def wait(job, timeout: float = 120):
        def finished():
            job.refresh_from_db()
            return job.is_finished

        poll(finished, timeout=timeout, what=f"job {job.pk} ({job.kind}, still {job.status})")
        return job

    return wait


@pytest.fixture
def wait_until():
    """``wait_until(condition)`` polls a condition (a worker's side effect) with a timeout, never a fixed sleep."""
    return poll


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        skip_or_fail("Debian chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def pdf_text():
    """Extract the text of a PDF (bytes) with pypdf."""
    from io import BytesIO

    from pypdf import PdfReader

    def extract(data: bytes) -> str:
        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)

    return extract
