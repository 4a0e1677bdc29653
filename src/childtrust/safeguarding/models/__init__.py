"""Safeguarding's records, one module per subject: concerns (and designated safeguarding
leads), alerts and their rules, the front door (referrals, assessments, meetings, plans and
clocks), the Team Around the Child, and notifications."""

from childtrust.safeguarding.models.alerts import Alert, AlertRule, AlertStatus, Rag, RuleKind
from childtrust.safeguarding.models.concerns import (
    Concern,
    ConcernCategory,
    ConcernSensitivity,
    ConcernSource,
    DesignatedLead,
    Severity,
)
from childtrust.safeguarding.models.front_door import (
    Assessment,
    AssessmentKind,
    ChildProtectionPlan,
    Clock,
    ClockKind,
    Conference,
    ConferenceKind,
    InformationRequest,
    Referral,
    ReferralDecision,
    ReferralKind,
    ReferralStage,
    StrategyDiscussion,
)
from childtrust.safeguarding.models.notifications import Notification, NotificationKind
from childtrust.safeguarding.models.team_around_child import (
    EarlyHelpAssessment,
    PlanAction,
    StepChange,
    StepDirection,
    SupportLevel,
    TeamAroundChild,
    TeamMember,
    TeamReview,
)

__all__ = [
    "Alert",
    "AlertRule",
    "AlertStatus",
    "Assessment",
    "AssessmentKind",
    "ChildProtectionPlan",
    "Clock",
    "ClockKind",
    "Concern",
    "ConcernCategory",
    "ConcernSensitivity",
    "ConcernSource",
    "Conference",
    "ConferenceKind",
    "DesignatedLead",
    "EarlyHelpAssessment",
    "InformationRequest",
    "Notification",
    "NotificationKind",
    "PlanAction",
    "Rag",
    "Referral",
    "ReferralDecision",
    "ReferralKind",
    "ReferralStage",
    "RuleKind",
    "Severity",
    "StepChange",
    "StepDirection",
    "StrategyDiscussion",
    "SupportLevel",
    "TeamAroundChild",
    "TeamMember",
    "TeamReview",
]
