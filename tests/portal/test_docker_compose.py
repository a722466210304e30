"""docker-compose.yml cannot be started here (no Docker engine), so it is checked by parsing."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_has_the_services_of_the_full_stack():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit", "minio"} <= set(services)


def test_it_wires_the_app_services_with_the_same_variables():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["DJANGO_ENV"] == "production"
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["EMAIL_URL"].startswith("smtp://mailpit")
        assert env["S3_ENDPOINT_URL"] == "http://minio:9000"
        assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "S3_BUCKET"} <= set(env)


def test_it_runs_gunicorn_celery_worker_and_beat():
    services = compose()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]


def test_it_gives_pdf_rendering_its_own_worker_and_every_queue_a_consumer():
    from django.conf import settings

    services = compose()["services"]
    queues = {}
    for name, service in services.items():
        command = service.get("command") or []
        if command[:4] == ["celery", "-A", "portal", "worker"]:
            queues[name] = set(command[command.index("-Q") + 1].split(","))
    assert queues["pdf-worker"] == {"pdf"}
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= set().union(*queues.values())


def test_it_only_uses_variables_the_settings_read():
    settings_text = (ROOT / "portal" / "settings.py").read_text()
    env = compose()["services"]["web"]["environment"]
    for variable in env:
        assert f'"{variable}"' in settings_text, f"{variable} is not read by portal/settings.py"
