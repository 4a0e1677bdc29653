"""Background work for the audit log, run by `childtrust worker` (see childtrust.core.schedule)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from childtrust.audit.services import (
    audit_checkpoint_write,
    audit_sign_in_failures_summarise,
    audit_verification_run,
)


@task()
def audit_checkpoint() -> int:
    """Record the counts of failed sign-ins of closed lock-out windows, then anchor the chain's
    head in a signed checkpoint outside the database. Returns the checkpoint's sequence."""
    audit_sign_in_failures_summarise(window=settings.AXES_COOLOFF_TIME)
    return audit_checkpoint_write().sequence


@task()
def audit_verify_nightly() -> bool:
    """Check the whole chain against the checkpoints; a failure is mailed at once. Returns
    whether the chain is intact."""
    return audit_verification_run().ok
