"""Every view under /m/<slug>/ passes through the municipality gate (portal/access.py)."""

from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.resolvers import RoutePattern
from django.views.decorators.http import require_POST

from portal.access import municipality_view

PREFIX = "m/<slug:municipality_slug>/"


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def ungated(resolver: URLResolver) -> list[str]:
    return [
        f"{route} ({p.lookup_str})" for route, p in _patterns(resolver)
        if route.startswith(PREFIX) and not getattr(p.callback, "municipality_gate", None)
    ]


def test_it_finds_the_municipality_views():
    routes = [route for route, _ in _patterns(get_resolver()) if route.startswith(PREFIX)]
    assert len(routes) > 50
    assert PREFIX + "members/" in routes


def test_it_sees_every_municipality_view_pass_through_the_gate():
    assert ungated(get_resolver()) == []


def test_it_fails_for_a_view_that_skips_the_gate():
    def bare(request, municipality_slug):
        raise AssertionError("never called")

    @require_POST
    @municipality_view()
    def gated(request, municipality):
        raise AssertionError("never called")

    resolver = URLResolver(RoutePattern(""), [path(PREFIX, bare, name="bare"), path(PREFIX + "x/", gated)])
    assert ungated(resolver) == [f"{PREFIX} ({bare.__module__}.{bare.__qualname__})"]
