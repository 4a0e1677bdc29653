"""The alert rules' services: who may add, change and switch off a rule, every problem with a
rule at once, and the default rules made once (by the demo and the command)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.safeguarding.models import AlertRule, RuleKind
from childtrust.safeguarding.services.alert_rules import (
    DEFAULT_RULES,
    alert_rule_add,
    alert_rule_change,
    alert_rule_switch,
    alert_rules_defaults_ensure,
)
from tests.children.factories import staff_user
from tests.safeguarding.factories_alerts import AlertRuleFactory

pytestmark = pytest.mark.django_db

RULE: dict[str, Any] = {
    "name": "Two high concerns in 30 days",
    "kind": RuleKind.CONCERNS_ACROSS_AGENCIES,
    "categories": [],
    "minimum_severity": "high",
    "minimum_concerns": 2,
    "minimum_agencies": 1,
    "window_days": 30,
    "rag": "red",
    "acknowledge_within_hours": 8,
    "description": "",
}


@pytest.mark.parametrize("role", [Role.FRONT_DOOR, Role.PARTNERSHIP_ADMIN])
def test_those_who_manage_rules_add_change_and_switch_them_each_audited(role: Role) -> None:
    actor = staff_user(role)
    before = AuditEvent.objects.count()
    rule = alert_rule_add(actor=actor, values=RULE)
    assert alert_rule_change(actor=actor, rule=rule, values={**RULE, "window_days": 60}) == [
        "window_days"
    ]
    assert alert_rule_switch(actor=actor, rule=rule, active=False).active is False
    assert AuditEvent.objects.count() == before + 3


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.AUDITOR])
def test_others_are_refused_every_change(role: Role) -> None:
    actor = staff_user(role)
    rule = AlertRuleFactory()
    with pytest.raises(PermissionDenied):
        alert_rule_add(actor=actor, values=RULE)
    with pytest.raises(PermissionDenied):
        alert_rule_change(actor=actor, rule=rule, values={**RULE, "window_days": 60})
    with pytest.raises(PermissionDenied):
        alert_rule_switch(actor=actor, rule=rule, active=False)
    rule.refresh_from_db()
    assert rule.active
    assert AlertRule.objects.count() == 1


def test_every_problem_is_refused_at_once_and_nothing_is_written() -> None:
    bad = {
        **RULE,
        "name": " ",
        "kind": "guesswork",
        "categories": ["neglect", "haunting"],
        "minimum_severity": "grave",
        "minimum_concerns": 0,
        "minimum_agencies": 3,
        "window_days": 400,
        "rag": "blue",
        "acknowledge_within_hours": 0,
    }
    with pytest.raises(ValidationError) as error:
        alert_rule_add(actor=staff_user(Role.FRONT_DOOR), values=bad)
    assert set(error.value.message_dict) == {
        "name",
        "kind",
        "categories",
        "minimum_severity",
        "minimum_concerns",
        "minimum_agencies",
        "window_days",
        "rag",
        "acknowledge_within_hours",
    }
    assert not AlertRule.objects.exists()


def test_more_agencies_than_concerns_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        alert_rule_add(
            actor=staff_user(Role.FRONT_DOOR),
            values={**RULE, "minimum_concerns": 2, "minimum_agencies": 3},
        )
    assert error.value.message_dict == {
        "minimum_agencies": ["The number of agencies must not be more than the number of concerns"]
    }


def test_a_refused_change_leaves_the_rule_as_it_was() -> None:
    rule = AlertRuleFactory(window_days=90)
    with pytest.raises(ValidationError):
        alert_rule_change(
            actor=staff_user(Role.FRONT_DOOR), rule=rule, values={**RULE, "window_days": 0}
        )
    rule.refresh_from_db()
    assert rule.window_days == 90


def test_the_default_rules_are_made_once_by_the_command() -> None:
    out = StringIO()
    call_command("alert_rules_defaults", stdout=out)
    assert AlertRule.objects.count() == len(DEFAULT_RULES) == 3
    assert {rule.kind for rule in AlertRule.objects.all()} == set(RuleKind.values)
    assert "Made the rule" in out.getvalue()
    assert alert_rules_defaults_ensure() == []
    again = StringIO()
    call_command("alert_rules_defaults", stdout=again)
    assert "Every default alert rule exists already." in again.getvalue()
