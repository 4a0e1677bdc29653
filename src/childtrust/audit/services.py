"""Writing to the audit log. Every other app records its events through `audit_record`; the
worker writes checkpoints outside the database and checks the chain each night; failed sign-ins
are counted and recorded a bounded number of times."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_ipv46_address
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from childtrust.audit.access import audit_failure_recipients
from childtrust.audit.chain import GENESIS_HASH, event_hash
from childtrust.audit.checkpoints import Checkpoint, checkpoint_append, checkpoints_read
from childtrust.audit.context import current_origin
from childtrust.audit.integrity import ChainReport, verify_chain
from childtrust.audit.keys import audit_keys
from childtrust.audit.models import (
    AuditAction,
    AuditChainHead,
    AuditEvent,
    AuditVerification,
    SignInFailureTally,
)
from childtrust.audit.signatures import verification_signature
from childtrust.core.dates import date_time_text
from childtrust.core.links import absolute_link

if TYPE_CHECKING:  # the audit log sits below accounts: it names users, never imports them
    from childtrust.accounts.models import User


def object_type_of(target: models.Model) -> str:
    return target._meta.label_lower


def _stored_ip_address(value: str | None) -> str | None:
    """The address as the database will give it back (IPv6 in its short form), so that the hash
    still matches when the event is read; something that is not an address (a proxy set up
    wrongly) is left out rather than refused by PostgreSQL."""
    if not value:
        return None
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    return str(AuditEvent._meta.get_field("ip_address").get_prep_value(value))


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction, so that a change and the
    record of who made it commit or roll back together. (Anonymous feedback and survey answers
    are not recorded one by one: the worker records a count a day, voice.services.untraceable.)"""
    if target is not None:
        object_type = object_type or object_type_of(target)
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)
    origin = current_origin()
    who = actor if actor is not None and actor.is_authenticated else None
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
    )
    fields: dict[str, Any] = {
        "sequence": head.sequence + 1,
        "occurred_at": timezone.now(),
        "actor_id": who.pk if who is not None else None,
        "actor_username": who.get_username() if who is not None else "",
        "action": str(action),
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr[:200],
        "reason": reason[:500],
        "ip_address": _stored_ip_address(origin.ip_address),
        "user_agent": origin.user_agent,
        "path": origin.path,
        "details": details or {},
    }
    key = audit_keys().current
    digest = event_hash(fields, head.hash, key)
    event = AuditEvent.objects.create(**fields, previous_hash=head.hash, hash=digest, key_id=key.id)
    head.sequence, head.hash = event.sequence, digest
    head.save(update_fields=["sequence", "hash"])
    return event


# Checkpoints outside the database ------------------------------------------------------------

checkpoint_log = logging.getLogger("childtrust.audit.checkpoints")


class CheckpointRefusedError(Exception):
    """The chain is behind a checkpoint already written: anchoring it would hide that."""


def audit_checkpoint_write(*, path: Path | None = None) -> Checkpoint:
    """Appends a signed checkpoint of the chain's head to the checkpoint file (and, where
    configured, to syslog). Made on no one's behalf: by the worker every 15 minutes, and by
    `childtrust audit_checkpoint`. Refuses to write one behind the latest, which would let a
    log cut short pass for intact from then on."""
    path = path or settings.AUDIT_CHECKPOINT_FILE
    keys = audit_keys()
    with transaction.atomic():
        head = AuditChainHead.objects.filter(pk=1).first()
        sequence, last_hash = (head.sequence, head.hash) if head else (0, GENESIS_HASH)
        count = AuditEvent.objects.filter(sequence__lte=sequence).count()
    previous = checkpoints_read(path, keys)
    if previous and sequence < previous[-1].sequence:
        raise CheckpointRefusedError(
            f"The audit log ends at #{sequence}, before the latest checkpoint "
            f"(#{previous[-1].sequence} at {previous[-1].time}): run `childtrust audit_verify`."
        )
    now = timezone.now().astimezone(UTC).isoformat(timespec="seconds")
    checkpoint = Checkpoint(sequence, last_hash, count, now, keys.current.id).signed(keys.current)
    checkpoint_append(path, checkpoint)
    checkpoint_log.info("audit checkpoint %s", checkpoint.line())
    return checkpoint


# Checking the whole chain ------------------------------------------------------------------

verification_log = logging.getLogger("childtrust.audit.verification")


@transaction.atomic
def audit_verification_store(*, report: ChainReport) -> AuditVerification:
    """Keeps the result of a check for administrators and auditors to see, signed with the audit
    key so that a result written behind the service's back shows as not genuine."""
    checkpoint = report.checkpoint
    fields: dict[str, Any] = {
        "checked_at": timezone.now(),
        "ok": report.ok,
        "events_checked": report.events_checked,
        "last_verified_sequence": report.events_checked,
        "checkpoint_sequence": checkpoint.sequence if checkpoint else None,
        "checkpoint_at": checkpoint.written_at if checkpoint else None,
        "problem": (report.problem or " ".join(report.notes))[:500],
    }
    key = audit_keys().current
    return AuditVerification.objects.create(
        **fields, key_id=key.id, signature=verification_signature(fields, key)
    )


def audit_verification_run() -> AuditVerification:
    """Checks the whole chain against the latest checkpoint and keeps the result. Made on no
    one's behalf, by the worker each night. A failure is logged as an error and mailed at once
    to every active administrator and auditor, who must find out before anyone asks."""
    verification = audit_verification_store(report=verify_chain())
    if not verification.ok:
        verification_log.error(
            "The audit log failed its check: %s (%s events verified)",
            verification.problem,
            verification.events_checked,
        )
        _tell_of_failure(verification)
    return verification


def _tell_of_failure(verification: AuditVerification) -> None:
    recipients = audit_failure_recipients()
    if not recipients:
        return
    when = date_time_text(verification.checked_at)
    send_mail(
        subject=f"{settings.SERVICE_NAME}: the audit log failed its check",
        message=(
            f"The check of the audit log on {when} found a problem: {verification.problem}.\n\n"
            f"Events #1 to #{verification.last_verified_sequence} are intact. Someone may have "
            "changed or removed events behind the service's back. Keep the database and the "
            "checkpoint file as they are, and tell your data protection lead.\n\n"
            f"Audit checks: {absolute_link(reverse('audit:verification_list'))}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )


# Failed sign-ins, bounded ---------------------------------------------------------------------

# A flood of failed sign-ins must not grow the chain without bound, nor serialise every request
# on the chain's lock; nor may it hide an attack on a real account. So the first failure of a
# real account from each address in a window is always an event at once (their number is
# bounded by the accounts and the addresses); the first failure of an unknown username is one
# only up to these many per address and in all. Every failure is counted; an address keeps a
# row for at most SIGN_IN_TALLIES_PER_ADDRESS unknown usernames a window, and counts any more
# in one row. The worker records one event per window with the counts
# (audit_sign_in_failures_summarise).
SIGN_IN_EVENTS_PER_ADDRESS = 10
SIGN_IN_EVENTS_PER_WINDOW = 200
SIGN_IN_TALLIES_PER_ADDRESS = 50
# The username of the row that counts an address's unknown usernames past the bound: no one
# can sign in with an empty one, so it is never a username tried.
OTHER_USERNAMES = ""
SIGN_IN_SUMMARY_UNKNOWN_NAMED = 5


def _window_start(now: datetime, window: timedelta) -> datetime:
    length = int(window.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // length * length, tz=UTC)


def audit_sign_in_failure_record(
    *, attempted_username: str, known_account: bool, locked_out: bool, window: timedelta
) -> AuditEvent | None:
    """Counts a failed (or locked-out) sign-in, and records it as an event if it is the first
    of its username from its address in this window and, for a username that is no account's,
    the window's bounds allow; returns the event, or None when it was only counted. The caller
    says whether the username is a real account's (the audit log sits below accounts). Made on
    no one's behalf: before anyone is known."""
    username = attempted_username[:150]
    address = _stored_ip_address(current_origin().ip_address) or ""
    start = _window_start(timezone.now(), window)
    with transaction.atomic():
        row = {"window_start": start, "ip_address": address, "locked_out": locked_out}
        tallies = SignInFailureTally.objects.select_for_update()
        if (
            not known_account
            and not tallies.filter(**row, username=username).exists()
            and _address_tallies_full(start, address)
        ):
            username = OTHER_USERNAMES
        tally, created = tallies.get_or_create(
            **row, username=username, defaults={"known_account": known_account}
        )
        if not created:
            SignInFailureTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
            return None
        if username == OTHER_USERNAMES or not (
            known_account or _unknown_events_allowed(start, address)
        ):
            return None
        SignInFailureTally.objects.filter(pk=tally.pk).update(recorded=True)
        return audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_LOCKED_OUT if locked_out else AuditAction.SIGN_IN_FAILED,
            object_type="accounts.user",
            object_repr=username,
            details={
                "attempted_username": username,
                "real_account": known_account,
                "window_start": start.isoformat(),
                "further_attempts": "counted, and recorded when the window closes",
            },
        )


def _address_tallies_full(start: datetime, address: str) -> bool:
    named = SignInFailureTally.objects.filter(
        window_start=start, ip_address=address, known_account=False
    ).exclude(username=OTHER_USERNAMES)
    return named.count() >= SIGN_IN_TALLIES_PER_ADDRESS


def _unknown_events_allowed(start: datetime, address: str) -> bool:
    """Real accounts' events do not use up the bounds: a flood of made-up usernames must not
    leave failures against real accounts only counted."""
    recorded = SignInFailureTally.objects.filter(
        window_start=start, recorded=True, known_account=False
    )
    return (
        recorded.filter(ip_address=address).count() < SIGN_IN_EVENTS_PER_ADDRESS
        and recorded.count() < SIGN_IN_EVENTS_PER_WINDOW
    )


def audit_sign_in_failures_summarise(*, window: timedelta) -> list[AuditEvent]:
    """Records one event for each closed window with the count of its failed sign-ins (those
    already recorded one by one and the rest), every real account tried with its count, and the
    most tried of the unknown usernames; then removes the window's tallies. Made on no one's
    behalf, by the worker."""
    current = _window_start(timezone.now(), window)
    events = []
    closed = (
        SignInFailureTally.objects.filter(window_start__lt=current)
        .order_by("window_start")
        .values_list("window_start", flat=True)
        .distinct()
    )
    for start in list(closed):
        with transaction.atomic():
            tallies = SignInFailureTally.objects.select_for_update().filter(window_start=start)
            events.append(_summary_event(list(tallies), start, start + window))
            tallies.delete()
    return events


def _tried(tallies: list[SignInFailureTally]) -> list[str]:
    """Per username, most tried first: its failures, from how many addresses, and whether it
    was locked out."""
    by_name: dict[str, list[SignInFailureTally]] = {}
    for tally in tallies:
        by_name.setdefault(tally.username, []).append(tally)
    ranked = sorted(by_name.items(), key=lambda item: (-sum(t.count for t in item[1]), item[0]))
    lines = []
    for username, rows in ranked:
        count = sum(tally.count for tally in rows)
        addresses = len({tally.ip_address for tally in rows})
        lines.append(
            f"{username}: {count} from {addresses} address{'' if addresses == 1 else 'es'}"
            f"{' (locked out)' if any(tally.locked_out for tally in rows) else ''}"
        )
    return lines


def _summary_event(tallies: list[SignInFailureTally], start: datetime, end: datetime) -> AuditEvent:
    total = sum(tally.count for tally in tallies)
    real = [tally for tally in tallies if tally.known_account]
    other = [tally for tally in tallies if tally.username == OTHER_USERNAMES]
    unknown = [
        tally for tally in tallies if not tally.known_account and tally.username != OTHER_USERNAMES
    ]
    return audit_record(
        actor=None,
        action=AuditAction.SIGN_IN_FAILURES_COUNTED,
        object_type="accounts.user",
        object_repr=f"{total} failed sign-in{'' if total == 1 else 's'}",
        details={
            "window_start": start.isoformat(),
            "window_end": end.isoformat(),
            "failed_sign_ins": total,
            "recorded_one_by_one": sum(1 for tally in tallies if tally.recorded),
            "addresses": len({tally.ip_address for tally in tallies}),
            "real_accounts_tried": _tried(real),
            "unknown_usernames": len({tally.username for tally in unknown}),
            "most_tried_unknown": _tried(unknown)[:SIGN_IN_SUMMARY_UNKNOWN_NAMED],
            # Past SIGN_IN_TALLIES_PER_ADDRESS an address's usernames are not kept, only counted.
            "failures_with_usernames_not_kept": sum(tally.count for tally in other),
        },
    )
