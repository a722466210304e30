"""What analytics adds to the home page and the municipality overview: the "needs attention"
reasons of :mod:`analytics.attention` (the same rules the dashboard uses), from the cached
figures of :func:`analytics.agency.scope.cached_agency_data`, for all the given municipalities at
once (a fixed number of queries); the ranking from the dashboard's cached scope summary."""

from __future__ import annotations

from portal.hooks import Attention

from . import access
from .agency.scope import cached_agency_data
from .attention import Reason, attention_from
from .dashboard import scope_summary


def reasons_many(user, municipalities) -> dict[int, list[Reason]]:
    """{municipality id: reasons}; empty for municipalities the user does not analyse."""
    municipalities = list(municipalities)
    found: dict[int, list[Reason]] = {m.pk: [] for m in municipalities}
    if not getattr(user, "is_authenticated", False):
        return found
    scope = [m for m in municipalities if user.has_perm(access.VIEW, m)]
    if scope:
        found.update(attention_from(cached_agency_data(user, scope)))
    return found


def attention_many(user, municipalities) -> dict[int, list[Attention]]:
    return {pk: [Attention(text=r.text, url=r.url, level=r.level) for r in reasons]
            for pk, reasons in reasons_many(user, municipalities).items()}


def rank_many(user, municipalities) -> dict[int, int]:
    """portal's home-page ranking hook: the consultant's number of "needs attention" reasons (0 for
    roles that do not analyse the municipality, so their list stays alphabetical), read from the
    summary the dashboard caches for the scope, so ranking hundreds costs about as much as a few."""
    municipalities = list(municipalities)
    found = dict.fromkeys((m.pk for m in municipalities), 0)
    scope = access.analysable_among(user, municipalities)
    if scope:
        found.update(scope_summary(user, scope).value.attention)
    return found
