"""The children's records as the audit log names and links them (audit.objects): a child by its
reference (never its name: the log is read by auditors with no relationship to the child), an
involvement or a sharing decision by the child it concerns (never the agency: a sensitive
service's name would say too much), each linked to the child's page, which decides what its
reader sees; a break-glass event to its review; a pair of records for review to its page; a
linkage run by which run it was ("changed the linkage of new records against the child index"),
with no page: a run is not a record one can open, and its counts are in the event."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, AuditObject, pages_of
from childtrust.children.models import (
    BreakGlass,
    Child,
    Involvement,
    LinkReview,
    RecordImport,
    SharingDecision,
)


def _child_page(child: Child) -> str:
    return reverse("children:child", args=[child.reference])


#: The audit log's kind of record for a linkage run (children.services.linkage records them),
#: and its two runs, as the log names them: every record relinked, or the new records linked.
LINKAGE = "children.linkage"
LINKAGE_FULL = "full"
LINKAGE_NEW = "new"
LINKAGE_RUNS = {
    LINKAGE_FULL: "of every record (a full run)",
    LINKAGE_NEW: "of new records against the child index",
}


def _linkage_runs(ids: list[str]) -> dict[str, AuditObject]:
    return {run: AuditObject(LINKAGE_RUNS[run]) for run in ids if run in LINKAGE_RUNS}


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind("children.child", pages_of(Child, _child_page, name=lambda c: c.reference)),
        AuditKind(
            "children.involvement",
            pages_of(
                Involvement,
                lambda i: _child_page(i.child),
                name=lambda i: f"An involvement with {i.child.reference}",
                related=("child",),
            ),
        ),
        AuditKind(
            "children.sharingdecision",
            pages_of(
                SharingDecision,
                lambda d: _child_page(d.child),
                name=lambda d: f"A sharing decision about {d.child.reference}",
                related=("child",),
            ),
        ),
        AuditKind(
            "children.breakglass",
            pages_of(
                BreakGlass,
                lambda g: reverse("children:break_glass_review", args=[g.pk]),
                name=lambda g: f"Break glass on {g.child.reference}",
                related=("child",),
            ),
        ),
        AuditKind(
            "children.linkreview",
            pages_of(
                LinkReview,
                lambda r: reverse("children:link_review", args=[r.pk]),
                name=lambda r: f"Pair of records {r.pk} for review",
            ),
        ),
        AuditKind(
            "children.recordimport",
            pages_of(
                RecordImport,
                lambda i: reverse("children:records_import", args=[i.pk]),
                name=lambda i: f"Load {i.pk} of {i.agency}'s records",
                related=("agency",),
            ),
        ),
        AuditKind(LINKAGE, _linkage_runs),
    ]
