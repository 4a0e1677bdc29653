"""How a rule counts a child's concerns: the one function the alerts raised as each concern
arrives and the nightly run share (services/alerts.py says what each rule kind means). Pure: it
reads the rows it is given and nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from childtrust.safeguarding.models import AlertRule, Rag, RuleKind, Severity

SEVERITY_ORDER: dict[str, int] = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}
RAG_ORDER: dict[str, int] = {Rag.GREEN: 1, Rag.AMBER: 2, Rag.RED: 3}


@dataclass(frozen=True, slots=True)
class ConcernRow:
    """What a rule reads of a concern, and nothing more (no summary, no names)."""

    pk: int
    agency_id: int
    category: str
    severity: str
    occurred_at: datetime.datetime


ROW_FIELDS = ("pk", "agency_id", "category", "severity", "occurred_at")


def _counted(rule: AlertRule, row: ConcernRow, start: datetime.datetime) -> bool:
    if row.occurred_at < start:
        return False
    if rule.categories and row.category not in rule.categories:
        return False
    minimum = SEVERITY_ORDER.get(rule.minimum_severity, 0)
    return SEVERITY_ORDER.get(row.severity, 0) >= minimum


def concerns_meeting(
    rule: AlertRule,
    rows: Iterable[ConcernRow],
    *,
    as_of: datetime.datetime,
    open_plan: bool,
) -> set[int]:
    """The concerns (their ids) that together meet the rule at `as_of`, or none."""
    start = as_of - datetime.timedelta(days=rule.window_days)
    counted = [row for row in rows if _counted(rule, row, start)]
    needed = max(rule.minimum_concerns, 1)
    if rule.kind == RuleKind.CONCERNS_ACROSS_AGENCIES:
        agencies = {row.agency_id for row in counted}
        if len(counted) >= needed and len(agencies) >= rule.minimum_agencies:
            return {row.pk for row in counted}
        return set()
    if rule.kind == RuleKind.REPEATED_CATEGORY:
        by_category: dict[str, list[int]] = {}
        for row in counted:
            by_category.setdefault(row.category, []).append(row.pk)
        return {pk for pks in by_category.values() if len(pks) >= needed for pk in pks}
    if rule.kind == RuleKind.CHILD_PROTECTION_PLAN:
        return {row.pk for row in counted} if open_plan and len(counted) >= needed else set()
    return set()
