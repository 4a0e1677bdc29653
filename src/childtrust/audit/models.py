"""The append-only, hash-chained record of every sign-in, view and change of protected data.

Each event stores the SHA-256 of its own content and of the event before it, so altering or
removing any event breaks the chain from that point on (`childtrust audit_verify` finds it).
Database triggers refuse UPDATE (and, on PostgreSQL, DELETE) of events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_IN_LOCKED_OUT = "sign_in_locked_out", "Sign-in refused: locked out"
    SIGN_OUT = "sign_out", "Signed out"
    TWO_FACTOR_SET_UP = "two_factor_set_up", "Set up two-factor sign-in"
    TWO_FACTOR_FAILED = "two_factor_failed", "Two-factor code refused"
    API_TOKEN_CREATED = "api_token_created", "API token created"
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    # No database constraint: an event outlives the account it names, and never changes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500, blank=True, help_text="Why: the stated purpose.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_username or 'anonymous'} {self.action}"


class AuditChainHead(models.Model):
    """One row: the last event's sequence and hash. Locking it serialises appends to the chain,
    and comparing it with the last event shows whether events were removed from the end."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head at #{self.sequence}"
