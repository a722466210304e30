import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_answers_200_with_json(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"] == "ok"
    assert {"database", "broker", "worker"} <= set(data["checks"])


def test_it_reports_a_real_worker(client, celery_worker):
    data = client.get("/healthz").json()
    assert data["checks"]["broker"] == "ok"
    assert data["checks"]["worker"].endswith("online")


def test_it_answers_503_when_the_database_is_down():
    """A real unreachable database (a closed port), not a mock."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "REDIS_URL", "CELERY_BROKER_URL"}}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:9/nowhere"
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["status"] == 503
    assert data["body"]["checks"]["database"].startswith("error")
