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


_EVERYONE = {Capability.VIEW_PARTNERSHIP, Capability.VIEW_STAFF_DIRECTORY, Capability.USE_API}
# Leading the change: cascading messages, running surveys and seeing the staff side of it.
_LEADING_CHANGE = {Capability.SEND_MESSAGES, Capability.MANAGE_SURVEYS, Capability.VIEW_STAFF_VOICE}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PRACTITIONER: frozenset(_EVERYONE),
    Role.TEAM_MANAGER: frozenset(_EVERYONE),
    Role.FRONT_DOOR: frozenset(_EVERYONE),
    Role.STRATEGIC_LEAD: frozenset(
        _EVERYONE | _LEADING_CHANGE | {Capability.MANAGE_FRAMEWORK, Capability.MANAGE_OUTCOMES}
    ),
    Role.PARTNERSHIP_ADMIN: frozenset(
        _EVERYONE
        | _LEADING_CHANGE
        | {
            Capability.MANAGE_PARTNERSHIP,
            Capability.MANAGE_FRAMEWORK,
            Capability.MANAGE_OUTCOMES,
        }
    ),
    # Auditors read the log and the partnership's shape; they change nothing.
    Role.AUDITOR: frozenset(_EVERYONE | {Capability.VIEW_AUDIT_LOG}),
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
