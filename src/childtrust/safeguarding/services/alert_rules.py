"""The alert rules: added, changed and switched off by the front door and the partnership's
administrators (MANAGE_ALERT_RULES), and the partnership's default rules made once, by the demo
and by `childtrust alert_rules_defaults` (not by a migration: the app keeps one).

A rule's limits: a window of 1 to 365 days, 1 to 50 concerns, no more agencies than concerns,
and only known categories and severities. A changed or new rule is applied to concerns already
recorded by the nightly run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    AlertRule,
    ConcernCategory,
    Rag,
    RuleKind,
    Severity,
)

MANAGE = "manage the alert rules"
FIELDS = (
    "name",
    "kind",
    "categories",
    "minimum_severity",
    "minimum_concerns",
    "minimum_agencies",
    "window_days",
    "rag",
    "acknowledge_within_hours",
    "description",
)

DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "Three concerns from two agencies in 90 days",
        "kind": RuleKind.CONCERNS_ACROSS_AGENCIES,
        "minimum_concerns": 3,
        "minimum_agencies": 2,
        "window_days": 90,
        "rag": Rag.AMBER,
        "acknowledge_within_hours": 24,
        "description": "Several agencies each see part of the picture: the front door looks at it.",
    },
    {
        "name": "A concern about a child with a child protection plan",
        "kind": RuleKind.CHILD_PROTECTION_PLAN,
        "minimum_concerns": 1,
        "minimum_agencies": 1,
        "window_days": 30,
        "rag": Rag.RED,
        "acknowledge_within_hours": 4,
        "description": "The child's social worker and the front door hear of it the same day.",
    },
    {
        "name": "Three missing episodes in 90 days",
        "kind": RuleKind.REPEATED_CATEGORY,
        "categories": [ConcernCategory.MISSING.value],
        "minimum_concerns": 3,
        "minimum_agencies": 1,
        "window_days": 90,
        "rag": Rag.RED,
        "acknowledge_within_hours": 8,
        "description": "Repeated missing episodes can mean exploitation.",
    },
)


def _rule_problems(values: Mapping[str, Any], *, pk: int | None = None) -> dict[str, str]:
    """Every problem with a rule's values at once."""
    return _choice_problems(values, pk=pk) | _number_problems(values)


def _choice_problems(values: Mapping[str, Any], *, pk: int | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    name = str(values.get("name", "")).strip()
    if not name:
        problems["name"] = "Enter the rule's name"
    elif AlertRule.objects.filter(name__iexact=name).exclude(pk=pk or 0).exists():
        problems["name"] = "A rule with this name already exists"
    if values.get("kind") not in RuleKind.values:
        problems["kind"] = "Select what the rule counts"
    unknown = [c for c in values.get("categories") or [] if c not in ConcernCategory.values]
    if unknown:
        problems["categories"] = "Select only the categories listed"
    if values.get("minimum_severity", "") not in ("", *Severity.values):
        problems["minimum_severity"] = "Select a severity from the list"
    if values.get("rag") not in Rag.values:
        problems["rag"] = "Select a RAG rating"
    return problems


def _within(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and low <= value <= high


def _number_problems(values: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not _within(values.get("window_days"), 1, 365):
        problems["window_days"] = "The window must be between 1 and 365 days"
    concerns = values.get("minimum_concerns")
    if not _within(concerns, 1, 50):
        problems["minimum_concerns"] = "The number of concerns must be between 1 and 50"
    agencies = values.get("minimum_agencies")
    if not _within(agencies, 1, 50):
        problems["minimum_agencies"] = "The number of agencies must be between 1 and 50"
    elif isinstance(concerns, int) and isinstance(agencies, int) and agencies > concerns:
        problems["minimum_agencies"] = (
            "The number of agencies must not be more than the number of concerns"
        )
    if not _within(values.get("acknowledge_within_hours"), 1, 720):
        problems["acknowledge_within_hours"] = (
            "The time to acknowledge must be between 1 and 720 working hours"
        )
    return problems


def _cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in FIELDS if name in values}
    cleaned["name"] = str(cleaned.get("name", "")).strip()
    cleaned["categories"] = sorted(set(cleaned.get("categories") or []))
    cleaned["description"] = str(cleaned.get("description", "")).strip()
    cleaned.setdefault("minimum_severity", "")
    return cleaned


@transaction.atomic
def alert_rule_add(*, actor: User, values: Mapping[str, Any]) -> AlertRule:
    require(access.can_manage_alert_rules(actor), to=MANAGE)
    cleaned = _cleaned(values)
    problems = _rule_problems(cleaned)
    if problems:
        raise ValidationError(problems)
    rule = AlertRule(**cleaned)
    save_and_record(actor=actor, instance=rule, action=AuditAction.CREATE, details=cleaned)
    return rule


@transaction.atomic
def alert_rule_change(*, actor: User, rule: AlertRule, values: Mapping[str, Any]) -> list[str]:
    """Changes a rule; the names changed. Alerts already raised keep the rule they were raised
    by; the nightly run applies the rule as changed."""
    require(access.can_manage_alert_rules(actor), to=MANAGE)
    rule = AlertRule.objects.select_for_update().get(pk=rule.pk)
    cleaned = _cleaned(values)
    merged = {name: getattr(rule, name) for name in FIELDS} | cleaned
    problems = _rule_problems(merged, pk=rule.pk)
    if problems:
        raise ValidationError(problems)
    return update_and_record(
        actor=actor, instance=rule, changes=cleaned, allowed=FIELDS, errors=dict
    )


@transaction.atomic
def alert_rule_switch(*, actor: User, rule: AlertRule, active: bool) -> AlertRule:
    """Switches a rule off (its open alerts stay open until closed) or on again."""
    require(access.can_manage_alert_rules(actor), to=MANAGE)
    rule = AlertRule.objects.select_for_update().get(pk=rule.pk)
    update_and_record(
        actor=actor, instance=rule, changes={"active": active}, allowed=("active",), errors=dict
    )
    return rule


@transaction.atomic
def alert_rules_defaults_ensure() -> list[AlertRule]:
    """Makes the partnership's default rules that do not exist yet (by name); the rules made.
    Run by the demo and by `childtrust alert_rules_defaults` on the server."""
    made = []
    for values in DEFAULT_RULES:
        if AlertRule.objects.filter(name=values["name"]).exists():
            continue
        rule = AlertRule(**values)
        save_and_record(actor=None, instance=rule, action=AuditAction.CREATE, details=dict(values))
        made.append(rule)
    return made
