"""Retention (design section 5): a child's records are kept to the 18th birthday (the 25th for
a care leaver), then anonymised. Anonymising blanks the names, address, postcode and
identifiers on the child and on every agency record and every earlier version of one; the child
keeps its reference (so that counts, links and the audit log still add up) and its date of
birth, and is marked flagged and anonymised. Search no longer finds it (its keys go).

Each child is anonymised in its own transaction with its one audit event: a run stopped half
way leaves every child either untouched or wholly anonymised, and can simply be run again.

The data protection lead runs it from the retention page (children.views.retention): the list
(references, never names; the agencies' records counted by agency), then a confirmation of how
many, then the run, at most PAGE_RUN_LIMIT children a press so that a web request ends well
within its time (the rest stay listed); the server's `childtrust retention --apply` has no
limit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import AgencyRecord, AgencyRecordVersion, Child
from childtrust.children.search_keys import child_search_keys_refresh
from childtrust.children.selectors.retention import (
    RetentionDue,
    children_retention_due,
    retention_records_by_agency,
)
from childtrust.core.permissions import require

CHILD_FIELDS_BLANKED = ("given_name", "family_name", "postcode", "shielded_reason")
RECORD_FIELDS_BLANKED = ("given_name", "family_name", "address", "postcode", "nhs_number", "upn")


RUN_RETENTION = "anonymise children past their retention date"
#: Children anonymised a press of the page's button (a few milliseconds each).
PAGE_RUN_LIMIT = 1_000
CHANGED_SINCE_SHOWN = (
    "The children past their retention date have changed since the list was shown: check the "
    "list again before anonymising them."
)


@dataclass(frozen=True)
class RetentionRun:
    children: int
    records: int
    versions: int
    remaining: int = 0  # still past their retention date, left for another run


@dataclass(frozen=True)
class RetentionList:
    """The children past their retention date on `day`, oldest first, and their agencies'
    records not yet anonymised: how many, and how many each agency holds."""

    day: datetime.date
    due: list[RetentionDue]
    records: int
    by_agency: list[tuple[str, int]]


def children_retention_list(*, actor: User, today: datetime.date | None = None) -> RetentionList:
    """The list the retention page shows, recorded in the audit log as viewed: it ties each
    child's reference to the day its records were kept until, and so to a date of birth."""
    require(access.can_run_retention(actor), to=RUN_RETENTION)
    day = today or timezone.localdate()
    due = children_retention_due(day)
    by_agency = retention_records_by_agency([item.child.pk for item in due])
    listed = RetentionList(day, due, sum(n for _, n in by_agency), by_agency)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="children.child",
        object_repr="the children past their retention date",
        reason="Retention: the children past their retention date",
        details={"day": day.isoformat(), "children": len(due), "records": listed.records},
    )
    return listed


def children_retention_apply(
    *,
    actor: User,
    today: datetime.date | None = None,
    confirmed: int | None = None,
    limit: int | None = None,
) -> RetentionRun:
    """Anonymises the children past their retention date, oldest first (at most `limit`): the
    data protection lead's. `confirmed` is how many the lead was shown and agreed to: if that
    is no longer how many are due (a birthday passed, a record was linked), nothing changes
    and ValidationError says to look again."""
    require(access.can_run_retention(actor), to=RUN_RETENTION)
    due = children_retention_due(today or timezone.localdate())
    if confirmed is not None and confirmed != len(due):
        raise ValidationError(CHANGED_SINCE_SHOWN, code="changed")
    return _apply(actor=actor, due=due, limit=limit)


def children_retention_apply_unattended(*, today: datetime.date | None = None) -> RetentionRun:
    """The same on no one's behalf: `childtrust retention --apply` on the server."""
    return _apply(actor=None, due=children_retention_due(today or timezone.localdate()))


def _apply(
    *, actor: User | None, due: list[RetentionDue], limit: int | None = None
) -> RetentionRun:
    children = records = versions = 0
    now_due = due if limit is None else due[:limit]
    for due_child in now_due:
        done_records, done_versions = _child_anonymise(actor=actor, due=due_child)
        children += 1
        records += done_records
        versions += done_versions
    return RetentionRun(children, records, versions, remaining=len(due) - len(now_due))


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


def _merged_into(child: Child) -> list[int]:
    """The children merged into this one, and into those, and so on: each still holds the name
    and postcode it showed when it was merged."""
    found: list[int] = []
    frontier = [child.pk]
    while frontier:
        frontier = [
            pk
            for pk in Child.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
            if pk not in found and pk != child.pk
        ]
        found += frontier
    return found


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
    merged = _merged_into(child)
    Child.objects.filter(pk__in=merged).update(
        **dict.fromkeys(CHILD_FIELDS_BLANKED, ""),
        retention_flagged_at=now,
        anonymised_at=now,
        modified_at=now,
    )
    child_search_keys_refresh([child, *Child.objects.filter(pk__in=merged)])
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
            "merged_children": len(merged),
        },
    )
    return len(record_ids), versions
