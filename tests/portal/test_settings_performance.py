"""The per-request floor (issue 15): persistent, health-checked database connections in every mode
(the default no longer depends on DJANGO_ENV), and a cache for the stored renderings."""

from __future__ import annotations

from django.core.cache import cache


def test_connections_persist_and_are_checked_before_reuse(settings):
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_cache_works_in_this_mode():
    cache.set("issue15:probe", "ok", 5)
    assert cache.get("issue15:probe") == "ok"
