"""Cached expensive aggregates (issue 15): the dashboard's figures, the "needs attention" reasons,
the programme indicators. Django's cache holds them (Redis in the full stack, local memory in the
embedded mode; portal/settings.py).

Each entry is keyed per municipality and carries that municipality's *version*, a token kept in
the cache too (a fresh one on every change and whenever the cache lost it, so that no old entry is
read again). A service that changes what the figures are computed from bumps the version after
its transaction commits (:func:`changes_aggregates` on the service, or :func:`bump` inside it), so
the next read computes afresh; the old entries are never read again and expire. Entries are also
keyed by the day and the language, and they expire after ``AGGREGATES_TIMEOUT`` seconds, so a
figure that moves with the clock alone (days since the last meeting) is at most that old. Every
entry remembers when it was computed; pages show it ("figures computed on …",
``portal/includes/computed_at.html``).

No signals: the services say what they change.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation


def _prefix() -> str:
    """``AGGREGATES_NAMESPACE`` (the tests give each test its own, so no figure outlives its database)."""
    return getattr(settings, "AGGREGATES_NAMESPACE", "agg")


def timeout() -> int:
    return int(getattr(settings, "AGGREGATES_TIMEOUT", 15 * 60))


@dataclass(frozen=True)
class Entry:
    value: Any
    computed_at: datetime


def _version_key(municipality_id: int) -> str:
    return f"{_prefix()}:v:{municipality_id}"


def _token() -> str:
    """A version no municipality ever had: a version is a token, not a counter, so a version key the
    cache evicted (local memory's ``MAX_ENTRIES``, Redis under ``allkeys-lru``) comes back as a new
    token and never as an old number whose entries may still be cached."""
    return uuid.uuid4().hex


def versions(ids: Iterable[int]) -> dict[int, str]:
    """The current version of each municipality's aggregates (one cache round trip, no SQL; a second
    one writes a fresh token for each municipality whose version is not in the cache)."""
    prefix = _prefix()
    keys = {pk: f"{prefix}:v:{pk}" for pk in ids}  # as _version_key, the prefix read once
    found = cache.get_many(list(keys.values()))
    missing = {key: _token() for key in keys.values() if key not in found}
    if missing:
        # Two readers may both write a token here; the entry the loser computes is never read, and
        # what either computes comes after its read of the version, so neither is stale.
        cache.set_many(missing, None)
        found.update(missing)
    return {pk: found[key] for pk, key in keys.items()}


def _bump_now(ids: Iterable[int]) -> None:
    cache.set_many({_version_key(pk): _token() for pk in set(ids)}, None)


@dataclass(frozen=True)
class Bump:
    """The after-commit callback :func:`bump` registers (a named type, so a test can tell it from
    the others a service registers)."""

    ids: tuple[int, ...]

    def __call__(self) -> None:
        _bump_now(self.ids)


def bump(*municipality_ids: int | None) -> None:
    """The municipalities' figures changed: recompute them on the next read, after the commit
    (a rolled-back change invalidates nothing)."""
    ids = tuple(sorted({pk for pk in municipality_ids if pk is not None}))
    if ids:
        transaction.on_commit(Bump(ids))


# The attributes :func:`municipality_of` follows from a service's argument or result to its municipality.
_PARENTS = ("municipality", "concept", "round", "programme", "group", "meeting", "household", "version",
            "section", "plan", "placement", "exit", "comment", "cooperation", "invitation", "referral")


def municipality_of(obj, depth: int = 0) -> int | None:
    """The id of the municipality an object belongs to (a Municipality, or anything that leads to
    one through ``municipality``, ``concept``, ``round``, ``programme`` … within four steps; of a
    list, its first item; of a dict, its first value that leads to one)."""
    from django.core.exceptions import ObjectDoesNotExist

    from .models import Municipality

    if obj is None or depth > 4 or isinstance(obj, int | str | bytes | bool | float):
        return None
    if isinstance(obj, Municipality):
        return obj.pk
    if isinstance(obj, list | tuple):
        return municipality_of(obj[0], depth + 1) if obj else None
    if isinstance(obj, dict):
        return next((pk for pk in (municipality_of(v, depth + 1) for v in obj.values()) if pk is not None), None)
    direct = getattr(obj, "municipality_id", None)
    if isinstance(direct, int):
        return direct
    for name in _PARENTS[1:]:
        if getattr(type(obj), name, None) is None:  # only declared relations, never arbitrary attributes
            continue
        try:
            parent = getattr(obj, name)
        except (ObjectDoesNotExist, AttributeError):  # a missing relation leads nowhere
            parent = None
        found = municipality_of(parent, depth + 1)
        if found is not None:
            return found
    return None


def changes_aggregates(service: Callable) -> Callable:
    """Decorate a service whose writes change cached figures: after it commits, the version of the
    municipality it touched is bumped. The municipality is found in the arguments (a
    ``municipality``, or an object that leads to one) or, failing that, in the result."""
    signature = inspect.signature(service)

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        bound = signature.bind_partial(*args, **kwargs)
        touched = {municipality_of(value) for name, value in bound.arguments.items()
                   if name not in {"actor", "author"}}
        result = service(*args, **kwargs)
        touched.add(municipality_of(result))
        bump(*touched)
        return result

    return wrapper


def digest(value: Hashable) -> str:
    """A short stable digest of a value's repr, for a key part that must not be long or spaced."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _keys(kind: str, versions_by_id: dict[int, str], parts: Sequence[Hashable],
          own: Mapping[int, Hashable] | None = None) -> dict[int, str]:
    """{id: the entry's key}; the key names the kind, the id, its version, the day and the language
    (and a digest of ``own[id]``, when given)."""
    extra = ":".join(str(p) for p in parts)
    prefix, day, language = _prefix(), timezone.localdate().isoformat(), translation.get_language()
    keys = {pk: f"{prefix}:{kind}:{pk}:{version}:{day}:{language}:{extra}" for pk, version in versions_by_id.items()}
    if own is not None:
        keys = {pk: f"{key}:{digest(own.get(pk))}" for pk, key in keys.items()}
    return keys


def cached_many(kind: str, ids: Sequence[int], compute: Callable[[list[int]], dict[int, Any]], *,
                parts: Sequence[Hashable] = (), ttl: int | None = None,
                own: Mapping[int, Hashable] | None = None) -> dict[int, Entry]:
    """{municipality id: Entry} for ``ids``: from the cache where fresh, the rest computed together
    by ``compute(missing ids) -> {id: value}`` (one call, so the computation stays bulk) and stored.
    Two cache round trips when everything is cached, no SQL. ``own``: per id, what else the value
    shows that no version follows (a municipality's name and slug, which no service changes), so
    that an entry made before it changed is not read."""
    ids = list(dict.fromkeys(ids))
    current = versions(ids)
    keys = _keys(kind, current, parts, own)
    found = cache.get_many(list(keys.values()))
    result = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in ids if pk not in result]
    if missing:
        now = timezone.now()
        computed = compute(missing)
        fresh = {pk: Entry(computed[pk], now) for pk in missing if pk in computed}
        cache.set_many({keys[pk]: entry for pk, entry in fresh.items()}, ttl or timeout())
        result.update(fresh)
    return result


def cached(kind: str, municipality_id: int, compute: Callable[[], Any], *, parts: Sequence[Hashable] = (),
           ttl: int | None = None) -> Entry:
    """One municipality's entry (see :func:`cached_many`)."""
    return cached_many(kind, [municipality_id], lambda _ids: {municipality_id: compute()}, parts=parts, ttl=ttl)[
        municipality_id]


def cached_scope(kind: str, ids: Iterable[int], compute: Callable[[], Entry], *, parts: Sequence[Hashable] = (),
                 ttl: int | None = None) -> Entry:
    """One entry computed over a whole set of municipalities (a consultant's scope: the dashboard's
    sort keys and targets), keyed by the versions of them all, so a write to any one invalidates it.
    ``compute()`` returns the Entry, its ``computed_at`` the oldest figure it was made from; the
    entry lives no longer than that figure's own entry (``ttl`` less its age), so it never outlives
    what it summarises. One cache round trip for the versions, one for the entry, no SQL."""
    ids = sorted(set(ids))
    current = versions(ids)
    key = _keys(kind, {len(ids): 0}, (digest([(pk, current[pk]) for pk in ids]), *parts))[len(ids)]
    entry = cache.get(key)
    if entry is None:
        entry = compute()
        life = ttl or timeout()
        if entry.computed_at is not None:
            life -= int((timezone.now() - entry.computed_at).total_seconds())
        if life > 0:
            cache.set(key, entry, life)
    return entry


def oldest(entries: Iterable[Entry]) -> datetime | None:
    """When the oldest of these figures was computed: what a page shows as its "as of" time."""
    return min((e.computed_at for e in entries), default=None)
