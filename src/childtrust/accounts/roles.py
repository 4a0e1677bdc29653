"""Who may do what: each role and the capabilities it has, in one table, so that a newcomer can
read every rule in one place. The capabilities themselves are named in `core.permissions`; the
User model answers Django's permission check (`user.has_perm`) from this table."""

from __future__ import annotations

from django.db import models

from childtrust.core.permissions import Capability


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    FRONT_DOOR = "front_door", "Front door (MASH) officer"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    AUDITOR = "auditor", "Auditor"
    WORKFORCE_MANAGER = "workforce_manager", "Workforce manager"
    DATA_PROTECTION_LEAD = "data_protection_lead", "Data protection lead"


_EVERYONE = {
    Capability.VIEW_PARTNERSHIP,
    Capability.VIEW_STAFF_DIRECTORY,
    Capability.USE_API,
    Capability.VIEW_OWN_RESOURCES,
    Capability.VIEW_STRATEGY,
}
# Leading the change: cascading messages, running surveys and seeing the staff side of it.
_LEADING_CHANGE = {Capability.SEND_MESSAGES, Capability.MANAGE_SURVEYS, Capability.VIEW_STAFF_VOICE}
# Working with children: finding a child (seeing only that they are known and whom to contact
# without a relationship) and saying who is involved; children.access decides each child.
_WORKING_WITH_CHILDREN = {
    Capability.FIND_CHILDREN,
    Capability.RECORD_INVOLVEMENT,
    Capability.VIEW_LOCALITY_CASELOAD,
    Capability.RECORD_CONCERNS,
}
# Keeping the pooled budget and deciding where it goes.
_MANAGING_MONEY = {Capability.VIEW_ALL_RESOURCES, Capability.MANAGE_RESOURCES}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRACTITIONER: frozenset(_EVERYONE | _WORKING_WITH_CHILDREN),
    # A team manager may break glass for a shielded child in an emergency, with a reason.
    Role.TEAM_MANAGER: frozenset(
        _EVERYONE
        | _WORKING_WITH_CHILDREN
        | {
            Capability.VIEW_TEAM_WORKFORCE,
            Capability.RECORD_TEAM_BRIEFINGS,
            Capability.BREAK_GLASS,
            Capability.VIEW_SAFEGUARDING_CLOCKS,
        }
    ),
    # The front door (MASH) screens every contact: it sees every child not shielded, reviews the
    # uncertain links with the administrators, shields a child and may break glass.
    Role.FRONT_DOOR: frozenset(
        _EVERYONE
        | _WORKING_WITH_CHILDREN
        | {
            Capability.SEE_EVERY_CHILD,
            Capability.REVIEW_CHILD_LINKS,
            Capability.SHIELD_CHILDREN,
            Capability.BREAK_GLASS,
            Capability.RUN_FRONT_DOOR,
            Capability.MANAGE_ALERT_RULES,
            Capability.VIEW_SAFEGUARDING_CLOCKS,
        }
    ),
    Role.STRATEGIC_LEAD: frozenset(
        _EVERYONE
        | _LEADING_CHANGE
        | _MANAGING_MONEY
        | {
            Capability.MANAGE_FRAMEWORK,
            Capability.MANAGE_OUTCOMES,
            Capability.MANAGE_STRATEGY,
            Capability.VIEW_WORKFORCE_MEASURES,
        }
    ),
    Role.PARTNERSHIP_ADMIN: frozenset(
        _EVERYONE
        | _LEADING_CHANGE
        | {
            Capability.MANAGE_PARTNERSHIP,
            Capability.MANAGE_FRAMEWORK,
            Capability.MANAGE_OUTCOMES,
            Capability.VIEW_ALL_RESOURCES,
            # Administrators load the agencies' records and review the uncertain links; they
            # find a child as anyone does, and see details only by a relationship.
            Capability.FIND_CHILDREN,
            Capability.IMPORT_CHILD_RECORDS,
            Capability.REVIEW_CHILD_LINKS,
            Capability.MANAGE_ALERT_RULES,
            Capability.MANAGE_STRATEGY,
            Capability.VIEW_WORKFORCE_MEASURES,
        }
    ),
    # Finance officers keep the pooled budget with the strategic leads.
    Role.FINANCE_OFFICER: frozenset(_EVERYONE | _MANAGING_MONEY),
    # Auditors read the log and the partnership's shape, and may read every budget line; they
    # change nothing.
    Role.AUDITOR: frozenset(
        _EVERYONE
        | {
            Capability.VIEW_AUDIT_LOG,
            Capability.VIEW_ALL_RESOURCES,
            Capability.VIEW_WORKFORCE,
            Capability.VIEW_WORKFORCE_MEASURES,
        }
    ),
    # The strategic workforce manager keeps every partner's establishment and runs restructures,
    # telling those affected through the cascade and asking how they are through the pulse
    # survey; the same role limited to one agency (workforce.models.WorkforceRemit) is that
    # agency's HR lead.
    Role.WORKFORCE_MANAGER: frozenset(
        _EVERYONE
        | _LEADING_CHANGE
        | {
            Capability.VIEW_TEAM_WORKFORCE,
            Capability.VIEW_WORKFORCE,
            Capability.MANAGE_WORKFORCE,
            Capability.VIEW_WORKFORCE_MEASURES,
        }
    ),
    # The data protection lead reviews break-glass events, consent overrides and any child's
    # access log, and runs retention and shielding; no child's details by the role alone.
    Role.DATA_PROTECTION_LEAD: frozenset(
        _EVERYONE
        | {
            Capability.FIND_CHILDREN,
            Capability.REVIEW_CHILD_ACCESS,
            Capability.RUN_RETENTION,
            Capability.SHIELD_CHILDREN,
        }
    ),
}
