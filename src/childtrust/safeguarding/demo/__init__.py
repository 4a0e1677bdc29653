"""The demo partnership's safeguarding, on top of its children (loaded after them, before the
strategic plan):
- the schools' designated safeguarding lead (`schoollead`) and concerns over 18 months about a
  few hundred of the 3,000 children from the agencies that know them (concerns.py), some adding
  up to each default alert rule, a few restricted to their agency, and a police notification of
  domestic abuse last night for a child at the schools' lead's school;
- the front door (front_door.py): referrals at each stage, clocks on time, near breach and
  breached, a strategy discussion, child protection plans and conferences, and the social
  worker of each child passed to social care recorded as involved in the child index;
- the default alert rules, and the alerts the engine raises over the demo's concerns (not
  written by hand, so the demo and the engine agree), some acknowledged, actioned and closed by
  the front door and one escalated for want of acknowledgement (alerts.py);
- about fifteen teams around children (teams.py);
- what each demo account is told (notifications.py): made by the services the worker runs
  (clocks, alerts, Operation Encompass), so the home pages show what needs each person.

Bulk records are written directly with one audit event per kind of record, as every demo
does; what the services and the worker do (alerts, their lifecycle, escalations, notifications,
a request for information) is done by them, in their own audit events. The same day and seed
give the same records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models, transaction

from childtrust.children.selectors.agencies import ChildAgencies
from childtrust.partnership.demo.loader import demo_created_record
from childtrust.safeguarding.demo.alerts import alerts_demo_run
from childtrust.safeguarding.demo.concerns import (
    BACKGROUND_CHILDREN,
    ConcernWriter,
    designated_leads_insert,
)
from childtrust.safeguarding.demo.front_door import CASE_NAMES, FrontDoorWriter
from childtrust.safeguarding.demo.loading import (
    HEALTH,
    POLICE,
    PRACTITIONER,
    SCHOOLS,
    SEED,
    SafeguardingDemo,
    SafeguardingDemoRefusedError,
)
from childtrust.safeguarding.demo.notifications import notifications_demo_make
from childtrust.safeguarding.demo.teams import TeamPlan, TeamWriter
from childtrust.safeguarding.models import (
    AlertRule,
    Concern,
    ConcernCategory,
    Referral,
    RuleKind,
)
from childtrust.safeguarding.services.alert_rules import alert_rules_defaults_ensure

SOURCE = "demo data"
TEAMS = 15
RULE_CHILDREN = 3  # children whose concerns are written to meet each rule (and the lead child)

__all__ = ["SafeguardingDemoRefusedError", "safeguarding_demo_load"]


@dataclass
class Picks:
    """The children singled out, each for one thing the demo shows."""

    lead_child: ChildAgencies  # the practitioner is its lead professional
    caseload: list[ChildAgencies]  # the practitioner's other children
    locality: list[ChildAgencies]  # known to three or more agencies, no lead professional
    general: list[ChildAgencies]  # everyone else known to two or more agencies
    cases: dict[str, ChildAgencies] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)

    def take(self, pool: list[ChildAgencies], *, needs: set[int] | None = None) -> ChildAgencies:
        for child in pool:
            if child.child_id not in self.used and (needs is None or needs <= child.agency_ids):
                self.used.add(child.child_id)
                return child
        raise SafeguardingDemoRefusedError("The demo's children are too few for safeguarding.")


def _picks(demo: SafeguardingDemo) -> Picks:
    practitioner = demo.accounts[PRACTITIONER].pk
    lead = [c for c in demo.children if c.lead_professional_id == practitioner]
    if not lead:
        raise SafeguardingDemoRefusedError("The practitioner leads no child in the demo.")
    caseload = [
        c
        for c in demo.children
        if c is not lead[0] and any(practitioner in pks for pks in c.involved.values())
    ]
    locality = [
        c
        for c in demo.children
        if len(c.involved) >= 3 and c.lead_professional_id is None and c not in caseload
    ]
    taken = {c.child_id for c in (*lead, *caseload, *locality)}
    general = [c for c in demo.children if c.child_id not in taken and len(c.agency_ids) >= 2]
    for pool in (caseload, locality, general):
        demo.rng.shuffle(pool)
    picks = Picks(lead[0], caseload, locality, general, used={lead[0].child_id})
    for name in ("s17_on_time", "early_help", "s17_done"):
        picks.cases[name] = picks.take(caseload)
    # The front door asks the agencies working with this child, the schools among them.
    schools = demo.agencies[SCHOOLS].pk
    picks.cases["gathering"] = picks.take(
        [c for c in locality if schools in c.involved] or locality
    )
    for name in CASE_NAMES:
        if name not in picks.cases:
            picks.cases[name] = picks.take(general)
    return picks


def _concerns(demo: SafeguardingDemo, picks: Picks, rules: list[AlertRule]) -> Concern:
    """Every concern; returns the police notification for Operation Encompass."""
    writer = ConcernWriter(demo)
    schools, police = demo.agencies[SCHOOLS].pk, demo.agencies[POLICE].pk
    # At a school working with the child, and known to the police (who send it).
    at_school = [c for c in picks.locality if schools in c.involved]
    encompass = writer.encompass(picks.take(at_school, needs={police}))
    health = demo.agencies[HEALTH].pk
    for rule in rules:
        if rule.kind == RuleKind.CHILD_PROTECTION_PLAN:
            writer.meeting_rule(rule, picks.cases["cp_plan"])
            continue
        needs = {police} if ConcernCategory.MISSING in rule.categories else None
        for child in [picks.take(picks.general, needs=needs) for _ in range(RULE_CHILDREN)]:
            if len(child.agency_ids) >= rule.minimum_agencies:
                writer.meeting_rule(rule, child)
        if rule.kind == RuleKind.CONCERNS_ACROSS_AGENCIES and len(picks.lead_child.agency_ids) > 1:
            writer.meeting_rule(rule, picks.lead_child)  # the practitioner, as lead, is told
    for _ in range(3):
        writer.restricted(picks.take(picks.general, needs={health}))
    background = [c for c in picks.general if c.child_id not in picks.used][:BACKGROUND_CHILDREN]
    writer.background([*background, *picks.caseload, *picks.locality[:10], picks.lead_child])
    writer.background(list(picks.cases.values()))
    writer.insert()
    return encompass


def _teams(demo: SafeguardingDemo, picks: Picks, referrals: dict[str, Referral]) -> None:
    writer = TeamWriter(demo)
    plans = [
        TeamPlan(picks.lead_child, demo.accounts[PRACTITIONER], 150),
        TeamPlan(
            picks.cases["s17_on_time"],
            writer.lead_for(1),
            120,
            step="up",
            referral=referrals["s17_on_time"],
        ),
        TeamPlan(
            picks.cases["s17_done"],
            writer.lead_for(2),
            20,
            step="down",
            referral=referrals["s17_done"],
        ),
        TeamPlan(picks.cases["early_help"], writer.lead_for(3), 25),
    ]
    # The practitioner's other children: their colleagues in the team manager's team lead them.
    others = [c for c in (*picks.caseload, *picks.locality) if c.child_id not in picks.used]
    for n, child in enumerate(others[: TEAMS - len(plans)], start=len(plans)):
        picks.used.add(child.child_id)
        plans.append(TeamPlan(child, writer.lead_for(n), 30 + 13 * n))
    writer.insert(plans)


@transaction.atomic
def safeguarding_demo_load(
    *, today: datetime.date | None = None, seed: int = SEED
) -> dict[type[models.Model], int]:
    """Loads safeguarding's demo records on top of the demo's children, in one transaction.
    Returns how many of each kind it made. Raises SafeguardingDemoRefusedError when
    safeguarding already holds records or the demo lacks what it needs."""
    if Concern.objects.exists() or Referral.objects.exists():
        raise SafeguardingDemoRefusedError("Safeguarding already holds concerns or referrals.")
    demo = SafeguardingDemo(today=today, seed=seed)
    designated_leads_insert(demo)
    rules = list(alert_rules_defaults_ensure())
    picks = _picks(demo)
    encompass = _concerns(demo, picks, rules)
    front_door = FrontDoorWriter(demo, picks.cases)
    referrals = front_door.referrals_insert()
    front_door.work_insert()
    _teams(demo, picks, referrals)
    created = dict(demo.created)
    demo_created_record(created, source=SOURCE)
    created[AlertRule] = len(rules)
    alerts_demo_run(demo, lead_child=picks.lead_child.child_id)
    notifications_demo_make(demo, encompass=encompass, referrals=referrals)
    for model, count in demo.created.items():
        created.setdefault(model, count)
    return created
