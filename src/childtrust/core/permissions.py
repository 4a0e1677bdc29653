"""What a person may do, in words every app shares, and the two ways code asks about it.

The capabilities are named here, in the lowest layer, so that every app can ask about them; which
role has which capability is decided in one table in `accounts.roles`, and reaches this module
through Django's own permission check (`user.has_perm`), so core never imports accounts.

Each app's access module (`<app>/access.py`) is the only place that turns capabilities, agencies
and relationships into a decision (`can_<verb>_<thing>(user, thing)`); services call `require`
with that decision, so that a refusal reads the same wherever it comes from."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, Protocol, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase


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
    # A team manager records who of their team came to a briefing, whoever manages each one.
    RECORD_TEAM_BRIEFINGS = "record_team_briefings"
    MANAGE_OUTCOMES = "manage_outcomes"  # load indicator data (uploads)
    # The pooled budget: every partner sees its own lines; finance and strategic leads see all.
    VIEW_OWN_RESOURCES = "view_own_resources"
    VIEW_ALL_RESOURCES = "view_all_resources"
    MANAGE_RESOURCES = "manage_resources"  # budget, spend, costings, allocations, appraisals
    # The strategic plan: everyone signed in reads it; strategic leads and administrators keep it.
    VIEW_STRATEGY = "view_strategy"
    MANAGE_STRATEGY = "manage_strategy"  # the plan, its versions, objectives and milestones
    # The workforce: everyone sees their own post and the restructures that affect them; team
    # managers their own teams' posts and vacancies; workforce managers (perhaps limited to one
    # agency, workforce.access) and auditors every partner's establishment.
    VIEW_TEAM_WORKFORCE = "view_team_workforce"
    VIEW_WORKFORCE = "view_workforce"  # every post, holder, measure and restructure
    MANAGE_WORKFORCE = "manage_workforce"  # posts, holders, imports, restructures, consultation
    VIEW_WORKFORCE_MEASURES = "view_workforce_measures"  # the measures and national figures
    # Children's personal data (children.access decides each child): who may look a child up and
    # see, without a relationship, only that the child is known and whom to contact.
    FIND_CHILDREN = "find_children"
    # The front door screens every contact: it sees every child who is not shielded.
    SEE_EVERY_CHILD = "see_every_child"
    RECORD_INVOLVEMENT = "record_involvement"  # say who is involved with a child, in what role
    IMPORT_CHILD_RECORDS = "import_child_records"  # load an agency's records of children
    REVIEW_CHILD_LINKS = "review_child_links"  # clerical review of uncertain links, merge, split
    SHIELD_CHILDREN = "shield_children"  # mark a child's record shielded, or lift it
    BREAK_GLASS = "break_glass"  # time-limited emergency access to a shielded child, with reason
    # The data protection lead: reviews break-glass events and consent overrides and reads any
    # child's access log; sees no child's details by this alone.
    REVIEW_CHILD_ACCESS = "review_child_access"
    # Anonymises the children past their retention date (the data protection lead): a change
    # that cannot be undone, so a capability of its own rather than a part of reviewing access.
    RUN_RETENTION = "run_retention"
    VIEW_LOCALITY_CASELOAD = "view_locality_caseload"  # a locality team's children
    # Safeguarding (safeguarding.access decides each child): recording a concern about a child
    # any agency works with, and, for the front door, screening contacts and referrals, deciding
    # them and running their clocks, and seeing every alert.
    RECORD_CONCERNS = "record_concerns"
    RUN_FRONT_DOOR = "run_front_door"
    MANAGE_ALERT_RULES = "manage_alert_rules"  # the rules that raise cumulative-concern alerts
    # Managers see their line's clocks near breach and breached, and the alerts escalated to them.
    VIEW_SAFEGUARDING_CLOCKS = "view_safeguarding_clocks"


CAPABILITY_NAMES = frozenset(Capability)


class PermissionHolder(Protocol):
    """A signed-in user or an anonymous visitor: anything Django's permission check works on."""

    @property
    def is_authenticated(self) -> bool: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


def has_capability(user: PermissionHolder | None, capability: Capability) -> bool:
    """Whether the user's role grants the capability: never for an anonymous visitor or a
    deactivated account."""
    if user is None or not user.is_authenticated:
        return False
    return user.has_perm(capability)


def require(allowed: bool, *, to: str) -> None:
    """Refuses with one sentence unless an access function allowed it: `require(can_x(actor),
    to="change the budget")` raises PermissionDenied("Your role does not allow you to change the
    budget."). Pages show the 403 page and the API answers 403 with the sentence."""
    if not allowed:
        raise PermissionDenied(f"Your role does not allow you to {to}.")


# A page, or a download streamed as it is written.
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def access_required(
    allowed: Callable[[PermissionHolder], bool],
) -> Callable[[ViewFunc], ViewFunc]:
    """A page for those an access function allows: sign-in first, then `allowed(user)`
    (`@access_required(access.can_view_audit_log)`); anyone else sees the 403 page."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
