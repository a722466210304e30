"""What analytics adds to the home page and the municipality overview: the "needs attention"
reasons of :mod:`analytics.attention` (the same function the dashboard uses), computed once per
request for all the user's municipalities (a fixed number of queries)."""

from __future__ import annotations

from portal.hooks import Attention

from . import access
from .attention import Reason, attention_for_many


def _reasons_for(user, municipality) -> list[Reason]:
    cache = getattr(user, "_analytics_attention", None)
    if cache is None:
        scope = list(access.analysable(user).order_by("name"))
        cache = attention_for_many(user, scope) if scope else {}
        user._analytics_attention = cache
    return cache.get(municipality.pk, [])


def reasons(user, municipality) -> list[Reason]:
    if not getattr(user, "is_authenticated", False) or not user.has_perm(access.VIEW, municipality):
        return []
    return _reasons_for(user, municipality)


def attention(user, municipality) -> list[Attention]:
    return [Attention(text=r.text, url=r.url, level=r.level) for r in reasons(user, municipality)]


def needs_attention_count(user, municipality) -> int:
    """The home page ranks a consultant's municipalities by this (most reasons first)."""
    return len(reasons(user, municipality))


def rank(user, municipality) -> int:
    """portal's home-page ranking hook: the consultant's "needs attention" reasons (0 for roles that
    do not analyse the municipality, so their list stays alphabetical)."""
    return needs_attention_count(user, municipality)
