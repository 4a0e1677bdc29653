"""API tokens gain a scope and an expiry. Tokens made before could write, so they keep read and
write; they expire 90 days from this migration, as a new token does by default, rather than at
once (which would stop partners' systems without warning)."""

from datetime import timedelta

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone


def expire_existing_tokens_in_90_days(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
) -> None:  # noqa: ARG001 (Django passes it)
    api_token = apps.get_model("accounts", "ApiToken")
    api_token.objects.update(expires_at=timezone.now() + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_finance_officer_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_write", "Read and write")],
                default="read_write",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_write", "Read and write")],
                default="read",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing_tokens_in_90_days, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(
                blank=True, help_text="To the minute: written at most once a minute.", null=True
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("scope__in", ["read", "read_write"])),
                name="api_token_scope_is_known",
            ),
        ),
    ]
