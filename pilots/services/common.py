"""What every pilots service shares: the audit-log call with the household's code."""

from __future__ import annotations

from django.contrib.auth.models import User

from portal.audit import audit
from portal.models import AuditEntry

from ..models import Household

Action = AuditEntry.Action


def log(actor: User, action: str, household: Household, what: str, **detail) -> None:
    audit(actor=actor, action=action, obj=household, municipality=household.municipality, detail={"what": what, **detail})
