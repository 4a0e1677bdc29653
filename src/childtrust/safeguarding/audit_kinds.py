"""Safeguarding's records as the audit log names and links them (audit.objects). A record about a
child is named by the child's reference, never the child's name or what the record says (the log
is read by auditors with no relationship to the child), and linked to its own page where it has
one, otherwise to the child's chronology: each page decides what its reader sees. An alert rule,
a designated lead and a notification name no child."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.children.models import Child
from childtrust.safeguarding.models import (
    Alert,
    AlertRule,
    Assessment,
    ChildProtectionPlan,
    Clock,
    Concern,
    Conference,
    DesignatedLead,
    EarlyHelpAssessment,
    InformationRequest,
    Notification,
    PlanAction,
    Referral,
    StepChange,
    StrategyDiscussion,
    TeamAroundChild,
    TeamMember,
    TeamReview,
)


def _chronology(child: Child) -> str:
    return reverse("safeguarding:chronology", kwargs={"child_id": child.reference})


def _page(name: str, child: Child, **kwargs: object) -> str:
    """The record's own page, or the child's chronology while it has none."""
    return _page_or(name, _chronology(child), **kwargs)


def _page_or(name: str, otherwise: str, **kwargs: object) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return otherwise


def _team_page(team: TeamAroundChild) -> str:
    return _page("safeguarding:team", team.child, child_id=team.child.reference)


def _about_child(
    model: type[models.Model],
    words: str,
    url: Callable[[Any], str] = lambda record: _chronology(record.child),
) -> AuditKind:
    """A kind of record with its own `child`: "<words> about CT-000123"."""
    return AuditKind(
        model._meta.label_lower,
        pages_of(
            model, url, name=lambda r: f"{words} about {r.child.reference}", related=("child",)
        ),
    )


def _in_team(model: type[models.Model], words: str) -> AuditKind:
    """A part of a team around a child: "<words> of the team around CT-000123"."""
    return AuditKind(
        model._meta.label_lower,
        pages_of(
            model,
            lambda r: _team_page(r.team),
            name=lambda r: f"{words} of the team around {r.team.child.reference}",
            related=("team__child",),
        ),
    )


def audit_kinds() -> list[AuditKind]:
    return [
        _about_child(
            Concern,
            "A concern",
            lambda c: _page("safeguarding:concern", c.child, concern_id=c.pk),
        ),
        _about_child(Alert, "An alert", lambda a: _page("safeguarding:alert", a.child, pk=a.pk)),
        _about_child(
            Referral, "A referral", lambda r: _page("safeguarding:referral", r.child, pk=r.pk)
        ),
        AuditKind(
            "safeguarding.informationrequest",
            pages_of(
                InformationRequest,
                lambda i: _page("safeguarding:referral", i.referral.child, pk=i.referral_id),
                name=lambda i: f"A request for information about {i.referral.child.reference}",
                related=("referral__child",),
            ),
        ),
        _about_child(Assessment, "An assessment"),
        _about_child(StrategyDiscussion, "A strategy discussion"),
        _about_child(Conference, "A child protection conference"),
        _about_child(ChildProtectionPlan, "A child protection plan"),
        _about_child(Clock, "A statutory clock"),
        AuditKind(
            "safeguarding.teamaroundchild",
            pages_of(
                TeamAroundChild,
                _team_page,
                name=lambda t: f"The team around {t.child.reference}",
                related=("child",),
            ),
        ),
        _in_team(TeamMember, "A member"),
        _in_team(EarlyHelpAssessment, "An early help assessment"),
        _in_team(PlanAction, "An action"),
        _in_team(TeamReview, "A review"),
        _in_team(StepChange, "A step up or down"),
        AuditKind(
            "safeguarding.alertrule",
            pages_of(AlertRule, lambda r: reverse("safeguarding:alert_rule_change", args=[r.pk])),
        ),
        AuditKind(
            "safeguarding.designatedlead",
            pages_of(
                DesignatedLead,
                lambda d: _page_or("safeguarding:designated_lead_edit", "", slug=d.agency.slug),
                related=("agency",),
            ),
        ),
        AuditKind(
            "safeguarding.notification",
            pages_of(
                Notification,
                lambda _n: _page_or("safeguarding:notifications", ""),
                name=lambda n: f"A notification: {n.subject}",
            ),
        ),
    ]
