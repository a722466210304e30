"""The portal's foundation: municipalities, people and roles, permissions, jobs, mail and the audit log.

Change history has one mechanism per purpose:

- **History of edits** (django-simple-history, ``HistoricalRecords`` on the concept and its
  sections): what a text said before, for the section history page and its diffs. Use it for
  content several people write, where the earlier wording matters.
- **The audit log** (:func:`portal.audit.audit`, ``AuditEntry``, append-only): who did or saw what,
  when and from where, on records that need accountability (invitations, exports, household
  identities, attachments). It stores no copy of the content.

A change is never recorded twice, in both; a new kind of record picks the one that fits its purpose.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
