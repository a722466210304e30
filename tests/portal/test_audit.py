import pytest
from django.db import DatabaseError, transaction

from portal.audit import audit, audit_trail, client_ip
from portal.models import AuditEntry


def test_it_records_who_did_what_to_which_object(gestor, ostrava, rf):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    entry = audit(actor=gestor, action=AuditEntry.Action.VIEW, obj=ostrava, ip=client_ip(request), detail={"page": "x"})
    assert entry.actor == gestor
    assert entry.object_repr == "Ostrava"
    assert entry.ip_address == "10.1.2.3"
    assert list(audit_trail(ostrava)) == [entry]


def test_it_is_append_only_in_postgresql(postgres, gestor, ostrava):
    entry = audit(actor=gestor, action=AuditEntry.Action.VIEW, obj=ostrava)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action=AuditEntry.Action.DELETE)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditEntry.Action.VIEW


def test_it_keeps_entries_when_the_actor_is_deleted(postgres, gestor, ostrava):
    audit(actor=gestor, action=AuditEntry.Action.VIEW, obj=ostrava)
    gestor.delete()
    assert AuditEntry.objects.get().actor_repr == "gestor"
