"""The chain keyed, and the database refusing every change to the log but an append.

1. Events already in the log were hashed with plain SHA-256; they keep it (key id "sha256", set
   by migration 0003) so that they still verify, and one keyed event is appended after them:
   its HMAC covers the last of them, so that nobody without the key can rewrite them unnoticed.
2. Triggers refuse UPDATE, DELETE and TRUNCATE of events, and any move of the chain's head but
   forward, on both databases. (On SQLite, migration 0003 rebuilt the events table, which drops
   its triggers, so every trigger is created here.) The production guide gives the
   application's database role INSERT and SELECT only on the events table besides.
   The test suite empties tables between transactional tests; tests/audit/triggers.py lifts
   these triggers for that alone.
"""

from django.db import migrations
from django.utils import timezone

EVENT_REFUSED = "audit events are append-only"
HEAD_REFUSED = "the audit chain head only moves forward"

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, '{EVENT_REFUSED}'); END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, '{EVENT_REFUSED}'); END""",
    f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_auditchainhead
    BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSED}'); END""",
    f"""CREATE TRIGGER audit_head_only_forward BEFORE UPDATE ON audit_auditchainhead
    WHEN NEW.sequence < OLD.sequence BEGIN SELECT RAISE(ABORT, '{HEAD_REFUSED}'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_only_forward",
]

POSTGRES_FORWARD = [
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
    f"""CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'TRUNCATE') OR NEW.sequence < OLD.sequence THEN
        RAISE EXCEPTION '{HEAD_REFUSED}';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON audit_auditchainhead "
    "FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()",
    "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_auditchainhead "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_head_forward_only()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_auditchainhead",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_auditchainhead",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
]

# Every trigger on the two tables once this migration has run, by database, and the statements
# that make them; tests/audit/triggers.py drops and remakes them around the test suite's resets.
TRIGGERS = {
    "sqlite": {
        "audit_event_no_update": "audit_auditevent",
        "audit_event_no_delete": "audit_auditevent",
        "audit_head_no_delete": "audit_auditchainhead",
        "audit_head_only_forward": "audit_auditchainhead",
    },
    "postgresql": {
        "audit_event_no_change": "audit_auditevent",
        "audit_event_no_truncate": "audit_auditevent",
        "audit_head_forward_only": "audit_auditchainhead",
        "audit_head_no_truncate": "audit_auditchainhead",
    },
}
POSTGRES_EVENT_NO_CHANGE = (
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
)
CREATE_STATEMENTS = {
    "sqlite": SQLITE_FORWARD[1:],
    "postgresql": [POSTGRES_EVENT_NO_CHANGE, *POSTGRES_FORWARD],
}


def seal_unkeyed_events(apps, schema_editor):
    from childtrust.audit.chain import event_hash
    from childtrust.audit.keys import audit_keys

    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    head = head_model.objects.select_for_update().filter(pk=1).first()
    if head is None or head.sequence == 0:
        return
    key = audit_keys().current
    fields = {
        "sequence": head.sequence + 1,
        "occurred_at": timezone.now(),
        "actor_id": None,
        "actor_username": "",
        "action": "audit_keyed",
        "object_type": "audit.auditevent",
        "object_id": "",
        "object_repr": "",
        "reason": "",
        "ip_address": None,
        "user_agent": "",
        "path": "",
        "details": {"events_before_the_key": head.sequence, "key_id": key.id},
    }
    digest = event_hash(fields, head.hash, key)
    event_model.objects.create(**fields, previous_hash=head.hash, hash=digest, key_id=key.id)
    head.sequence, head.hash = fields["sequence"], digest
    head.save(update_fields=["sequence", "hash"])


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_checks_and_sign_in_tallies")]

    operations = [
        migrations.RunPython(seal_unkeyed_events, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
