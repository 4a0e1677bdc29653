"""What each role may do. One table, so that a newcomer can read every rule in one place."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from childtrust.accounts.models import Role


class Capability(StrEnum):
    VIEW_PARTNERSHIP = "view_partnership"
    VIEW_STAFF_DIRECTORY = "view_staff_directory"
    MANAGE_PARTNERSHIP = "manage_partnership"  # agencies, services, localities, teams, staff
    MANAGE_FRAMEWORK = "manage_framework"  # vision, outcomes framework, commitments
    VIEW_AUDIT_LOG = "view_audit_log"
    USE_API = "use_api"
    SEND_MESSAGES = "send_messages"  # publish messages to cascade and answer staff questions
    MANAGE_SURVEYS = "manage_surveys"  # set up pulse surveys and their rounds
    VIEW_STAFF_VOICE = "view_staff_voice"  # reach, survey results, feedback response times
    MANAGE_OUTCOMES = "manage_outcomes"  # load indicator data (uploads)
    # The pooled budget: every partner sees its own lines; finance and strategic leads see all.
    VIEW_OWN_RESOURCES = "view_own_resources"
    VIEW_ALL_RESOURCES = "view_all_resources"
    MANAGE_RESOURCES = "manage_resources"  # budget, spend, costings, allocations, appraisals


_EVERYONE = {
    Capability.VIEW_PARTNERSHIP,
    Capability.VIEW_STAFF_DIRECTORY,
    Capability.USE_API,
    Capability.VIEW_OWN_RESOURCES,
}
# Leading the change: cascading messages, running surveys and seeing the staff side of it.
_LEADING_CHANGE = {Capability.SEND_MESSAGES, Capability.MANAGE_SURVEYS, Capability.VIEW_STAFF_VOICE}
# Keeping the pooled budget and deciding where it goes.
_MANAGING_MONEY = {Capability.VIEW_ALL_RESOURCES, Capability.MANAGE_RESOURCES}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRACTITIONER: frozenset(_EVERYONE),
    Role.TEAM_MANAGER: frozenset(_EVERYONE),
    Role.FRONT_DOOR: frozenset(_EVERYONE),
    Role.STRATEGIC_LEAD: frozenset(
        _EVERYONE
        | _LEADING_CHANGE
        | _MANAGING_MONEY
        | {Capability.MANAGE_FRAMEWORK, Capability.MANAGE_OUTCOMES}
    ),
    Role.PARTNERSHIP_ADMIN: frozenset(
        _EVERYONE
        | _LEADING_CHANGE
        | {
            Capability.MANAGE_PARTNERSHIP,
            Capability.MANAGE_FRAMEWORK,
            Capability.MANAGE_OUTCOMES,
            Capability.VIEW_ALL_RESOURCES,
        }
    ),
    # Finance officers keep the pooled budget with the strategic leads.
    Role.FINANCE_OFFICER: frozenset(_EVERYONE | _MANAGING_MONEY),
    # Auditors read the log and the partnership's shape, and may read every budget line; they
    # change nothing.
    Role.AUDITOR: frozenset(_EVERYONE | {Capability.VIEW_AUDIT_LOG, Capability.VIEW_ALL_RESOURCES}),
}


def has_capability(user: Any, capability: Capability) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def capability_required(capability: Capability) -> Callable[[ViewFunc], ViewFunc]:
    """Sign-in first, then the role check; a refused role sees the 403 page."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
