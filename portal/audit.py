"""Writing to the append-only audit log. Later apps call :func:`audit` for every read and change
of a sensitive record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, Municipality

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    municipality: Municipality | None = None,
    detail: dict | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Record one entry. Pass the client's address as ``ip`` (a view: ``client_ip(request)``);
    ``actor`` None or anonymous (a task, a public page) is recorded as "anonymous"."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    if municipality is None and obj is not None:
        municipality = getattr(obj, "municipality", None)
    return AuditEntry.objects.create(
        actor=actor,
        actor_repr=(actor.get_username() if actor else "anonymous")[:200],
        municipality=municipality,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        detail=detail or {},
        ip_address=ip,
    )


def audit_trail(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
