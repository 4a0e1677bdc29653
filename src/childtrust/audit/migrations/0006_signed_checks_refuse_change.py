"""The nightly checks' results signed with the audit key, and the database refusing to change or
remove them.

1. Each result stores the id of the key it was signed with and an HMAC of its fields
   (audit.signatures); the results already kept were written by the service before results
   were signed, and are signed here so that they still show as genuine.
2. Triggers refuse UPDATE and DELETE of results (and TRUNCATE on PostgreSQL), as migration 0004
   does for events: a "Failed" result cannot be removed or turned into an "Intact" one. (On
   SQLite, a later migration that rebuilds the table drops them and must make them again.)
   tests/audit/triggers.py lifts them while the test suite empties the tables.
"""

from django.db import migrations, models

REFUSED = "audit checks are append-only"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER audit_verification_no_update BEFORE UPDATE ON audit_auditverification
    BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END""",
    f"""CREATE TRIGGER audit_verification_no_delete BEFORE DELETE ON audit_auditverification
    BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_verification_no_update",
    "DROP TRIGGER IF EXISTS audit_verification_no_delete",
]

POSTGRES_FUNCTION = f"""CREATE OR REPLACE FUNCTION audit_verification_append_only()
RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{REFUSED}';
END;
$$ LANGUAGE plpgsql"""
POSTGRES_TRIGGERS = [
    "CREATE TRIGGER audit_verification_no_change BEFORE UPDATE OR DELETE "
    "ON audit_auditverification FOR EACH ROW EXECUTE FUNCTION audit_verification_append_only()",
    "CREATE TRIGGER audit_verification_no_truncate BEFORE TRUNCATE ON audit_auditverification "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_verification_append_only()",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_verification_no_change ON audit_auditverification",
    "DROP TRIGGER IF EXISTS audit_verification_no_truncate ON audit_auditverification",
    "DROP FUNCTION IF EXISTS audit_verification_append_only()",
]

# Every trigger this migration makes, by database, and the statements that make them again;
# tests/audit/triggers.py drops and remakes them around the test suite's resets.
TRIGGERS = {
    "sqlite": {
        "audit_verification_no_update": "audit_auditverification",
        "audit_verification_no_delete": "audit_auditverification",
    },
    "postgresql": {
        "audit_verification_no_change": "audit_auditverification",
        "audit_verification_no_truncate": "audit_auditverification",
    },
}
CREATE_STATEMENTS = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_TRIGGERS}


def sign_kept_results(apps, schema_editor):
    from childtrust.audit.keys import audit_keys
    from childtrust.audit.signatures import SIGNED_FIELDS, verification_signature

    key = audit_keys().current
    for result in apps.get_model("audit", "AuditVerification").objects.all():
        fields = {name: getattr(result, name) for name in SIGNED_FIELDS}
        result.key_id, result.signature = key.id, verification_signature(fields, key)
        result.save(update_fields=["key_id", "signature"])


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": [POSTGRES_FUNCTION, *POSTGRES_TRIGGERS]}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_sign_in_tallies_know_real_accounts")]

    operations = [
        migrations.AddField(
            model_name="auditverification",
            name="key_id",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditverification",
            name="signature",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(sign_kept_results, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
