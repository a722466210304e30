"""DJANGO_ENV=production passes `manage.py check --deploy` with no warnings, and refuses to start
without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k3Jx9-production-test-only-7f2b1c0d9e8a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e",
    "DJANGO_ALLOWED_HOSTS": "koncepce.example.cz",
}


def test_it_passes_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION)
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_debug_in_production():
    result = run_manage("check", env_extra={**PRODUCTION, "DJANGO_DEBUG": "true"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_it_collects_static_files_for_whitenoise(tmp_path):
    result = run_manage(
        "collectstatic", "--noinput", env_extra={**PRODUCTION, "STATIC_ROOT": str(tmp_path / "static")}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_it_stores_files_in_s3_when_a_bucket_is_set():
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings", "S3_BUCKET": "portal-files", "S3_ENDPOINT_URL": "http://minio:9000",
        "S3_ACCESS_KEY_ID": "portal", "S3_SECRET_ACCESS_KEY": "secret",
    })
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["S3Storage", "portal-files", "http://minio:9000", "private"]
