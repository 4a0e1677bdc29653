"""The append-only, hash-chained record of every sign-in, view and change of protected data.

Each event stores an HMAC, under a key the database does not hold, of its own content and of
the event before it, so altering or removing any event breaks the chain from that point on, and
nobody without the key can recompute it (`childtrust audit_verify` finds it). Signed
checkpoints written outside the database show events removed from the end, or all of them.
Database triggers refuse UPDATE, DELETE and TRUNCATE of events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from childtrust.audit.keys import audit_keys
from childtrust.audit.signatures import verification_signature_matches


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
    # Failed sign-ins past the first few of a lock-out window, counted rather than recorded one
    # by one (audit.services.audit_sign_in_failures_summarise).
    SIGN_IN_FAILURES_COUNTED = "sign_in_failures_counted", "Failed sign-ins counted"
    # The event that sealed the events written before the chain was keyed (migration 0003).
    AUDIT_KEYED = "audit_keyed", "Audit log keyed"


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
    # Which key the hash was made with (audit.keys): "sha256" for events from before the chain
    # was keyed, otherwise a key's fingerprint, so that keys can be rotated.
    key_id = models.CharField(max_length=32)

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


class AuditVerification(models.Model):
    """The result of one check of the whole chain (the worker's nightly one, or the command's),
    shown to administrators and auditors."""

    checked_at = models.DateTimeField(db_index=True)
    ok = models.BooleanField()
    events_checked = models.PositiveBigIntegerField()
    # The last event found intact: every event up to it verified.
    last_verified_sequence = models.PositiveBigIntegerField()
    # The latest checkpoint the chain was compared with, if there was one.
    checkpoint_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    checkpoint_at = models.DateTimeField(null=True, blank=True)
    problem = models.CharField(max_length=500, blank=True)
    # An HMAC of the fields above under the audit key that `key_id` names (audit.signatures):
    # a row written or changed by anyone without the key does not match, and shows as not
    # genuine. Triggers refuse UPDATE and DELETE (migration 0006).
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["-checked_at"]
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        return f"{'intact' if self.ok else 'broken'} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def genuine(self) -> bool:
        """Whether the service wrote this result as it reads now: its signature matches."""
        return verification_signature_matches(self, audit_keys())


class SignInFailureTally(models.Model):
    """Failed sign-ins counted per username, address and lock-out window, outside the chain: a
    flood of them costs a bounded number of chain writes. The first failure of a real account
    from each address is recorded as an event at once, and the first few of unknown usernames;
    the worker then records one event per window with the counts, and removes the window's
    tallies. An address keeps a bounded number of rows for unknown usernames: past them, its
    further unknown usernames are counted together in one row whose username is empty."""

    window_start = models.DateTimeField()
    username = models.CharField(max_length=150, blank=True)
    known_account = models.BooleanField(
        default=False, help_text="The username is a real account's."
    )
    ip_address = models.CharField(max_length=45, blank=True)
    locked_out = models.BooleanField(default=False)
    count = models.PositiveIntegerField(default=1)
    recorded = models.BooleanField(default=False, help_text="Its first failure is an event.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["window_start", "username", "ip_address", "locked_out"],
                name="audit_sign_in_tally_once_per_window",
            )
        ]
        indexes = [models.Index(fields=["window_start", "ip_address"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address or 'unknown'}: {self.count}"
