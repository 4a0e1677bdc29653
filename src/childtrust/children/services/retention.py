"""Retention (design section 5): a child's records are kept to the 18th birthday (the 25th for
a care leaver), then anonymised. Anonymising blanks the names, address, postcode and
identifiers on the child and on every agency record and every earlier version of one; the child
keeps its reference (so that counts, links and the audit log still add up) and its date of
birth, and is marked flagged and anonymised. Search no longer finds it (its keys go).

Each child is anonymised in its own transaction with its one audit event: a run stopped half
way leaves every child either untouched or wholly anonymised, and can simply be run again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import AgencyRecord, AgencyRecordVersion, Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.children.selectors.retention import RetentionDue, children_retention_due
from childtrust.core.permissions import require

CHILD_FIELDS_BLANKED = ("given_name", "family_name", "postcode", "shielded_reason")
RECORD_FIELDS_BLANKED = ("given_name", "family_name", "address", "postcode", "nhs_number", "upn")


@dataclass(frozen=True)
class RetentionRun:
    children: int
    records: int
    versions: int


def children_retention_apply(*, actor: User, today: datetime.date | None = None) -> RetentionRun:
    """Anonymises every child past its retention date: the data protection lead's."""
    require(access.can_review_child_access(actor), to="anonymise children past retention")
    return _apply(actor=actor, today=today or timezone.localdate())


def children_retention_apply_unattended(*, today: datetime.date | None = None) -> RetentionRun:
    """The same on no one's behalf: `childtrust retention --apply` on the server."""
    return _apply(actor=None, today=today or timezone.localdate())


def _apply(*, actor: User | None, today: datetime.date) -> RetentionRun:
    children = records = versions = 0
    for due in children_retention_due(today):
        done_records, done_versions = _child_anonymise(actor=actor, due=due)
        children += 1
        records += done_records
        versions += done_versions
    return RetentionRun(children=children, records=records, versions=versions)


def _blank_versions(record_ids: list[int]) -> int:
    changed = []
    for version in AgencyRecordVersion.objects.filter(record_id__in=record_ids):
        version.fields = {
            name: ("" if name in RECORD_FIELDS_BLANKED else value)
            for name, value in version.fields.items()
        }
        changed.append(version)
    AgencyRecordVersion.objects.bulk_update(changed, ["fields"], batch_size=500)
    return len(changed)


@transaction.atomic
def _child_anonymise(*, actor: User | None, due: RetentionDue) -> tuple[int, int]:
    now = timezone.now()
    child = Child.objects.select_for_update().get(pk=due.child.pk)
    if child.anonymised_at is not None:  # another run got there first
        return 0, 0
    record_ids = list(AgencyRecord.objects.filter(child=child).values_list("pk", flat=True))
    versions = _blank_versions(record_ids)
    AgencyRecord.objects.filter(pk__in=record_ids).update(
        **dict.fromkeys(RECORD_FIELDS_BLANKED, ""), anonymised_at=now, modified_at=now
    )
    for name in CHILD_FIELDS_BLANKED:
        setattr(child, name, "")
    child.retention_flagged_at = child.retention_flagged_at or now
    child.anonymised_at = now
    child.save(
        update_fields=[
            *CHILD_FIELDS_BLANKED,
            "retention_flagged_at",
            "anonymised_at",
            "modified_at",
        ]
    )
    child_search_keys_refresh([child])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=child,
        reason="Anonymised: past its retention date",
        details={
            "kept_until": due.kept_until.isoformat(),
            "care_leaver": child.care_leaver,
            "records": len(record_ids),
            "versions": versions,
        },
    )
    return len(record_ids), versions
