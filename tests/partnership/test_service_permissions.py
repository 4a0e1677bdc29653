"""Every partnership service checks the acting user before anything else: for each, a role it
refuses (PermissionDenied with a sentence, and nothing written: no record, no audit event) and
a role it allows. Pages answer the same refusal with 403 (test_registry_views, test_framework_
views): the services hold the rule, so a command or the API is refused the same way."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.partnership.models import AgencyKind, FrameworkIndicator, Priority, TeamKind
from childtrust.partnership.services import framework, registry, staff
from tests.factories import (
    AgencyFactory,
    CommitmentFactory,
    FrameworkIndicatorFactory,
    LocalityFactory,
    OutcomeFactory,
    PriorityFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

ADOPTED_ON = datetime.date(2026, 3, 19)


@dataclass(frozen=True)
class Write:
    """A service, the input it needs (made before the call, so not part of what it writes),
    a role it refuses and a role it allows."""

    service: Callable[..., Any]
    arrange: Callable[[], dict[str, Any]]
    refused: Role
    allowed: Role

    def __str__(self) -> str:
        return self.service.__name__


def _commitment_input() -> dict[str, Any]:
    return {"agency": AgencyFactory(), "priority": PriorityFactory(), "contribution": "Clinics."}


def _priority_change(priority: Priority) -> dict[str, Any]:
    return {
        "priority": priority,
        "outcome": priority.outcome,
        "title": "Fewer exclusions",
        "description": "",
        "position": None,
    }


def _indicator_change(indicator: FrameworkIndicator) -> dict[str, Any]:
    return {
        "indicator": indicator,
        "priority": indicator.priority,
        "name": "Exclusions per 1,000 pupils",
        "description": "",
    }


WRITES = [
    # The registry: partnership administrators only.
    Write(
        registry.agency_create,
        lambda: {"name": "City Police", "kind": AgencyKind.POLICE},
        Role.STRATEGIC_LEAD,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.agency_update,
        lambda: {"agency": AgencyFactory(), "short_name": "CP"},
        Role.AUDITOR,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.locality_create,
        lambda: {"name": "North"},
        Role.TEAM_MANAGER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.locality_update,
        lambda: {"locality": LocalityFactory(), "description": "The north."},
        Role.FINANCE_OFFICER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.ward_create,
        lambda: {"name": "Bassett", "locality": LocalityFactory()},
        Role.PRACTITIONER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.ward_update,
        lambda: {"ward": WardFactory(), "code": "E05002455"},
        Role.FRONT_DOOR,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.service_create,
        lambda: {
            "agency": AgencyFactory(),
            "name": "Baby clinic",
            "description": "Weighing and advice.",
            "audience": "Babies and parents",
        },
        Role.STRATEGIC_LEAD,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.service_update,
        lambda: {"service": ServiceFactory(), "eligibility": "Anyone."},
        Role.PRACTITIONER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.team_create,
        lambda: {"name": "Duty team", "kind": TeamKind.SINGLE_AGENCY, "agency": AgencyFactory()},
        Role.TEAM_MANAGER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        registry.team_update,
        lambda: {"team": TeamFactory(), "purpose": "Duty."},
        Role.AUDITOR,
        Role.PARTNERSHIP_ADMIN,
    ),
    # Staff records: partnership administrators only.
    Write(
        staff.staff_member_create,
        lambda: {
            "given_name": "Sam",
            "family_name": "Jones",
            "email": "sam.jones@example.org",
            "job_title": "Health visitor",
            "agency": AgencyFactory(),
        },
        Role.TEAM_MANAGER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        staff.staff_member_update,
        lambda: {"person": StaffMemberFactory(), "job_title": "Team manager"},
        Role.STRATEGIC_LEAD,
        Role.PARTNERSHIP_ADMIN,
    ),
    # The vision, the framework and commitments: strategic leads and administrators.
    Write(
        framework.vision_statement_adopt,
        lambda: {"text": "Safe and happy.", "adopted_on": ADOPTED_ON, "adopted_by": "The Board"},
        Role.PRACTITIONER,
        Role.STRATEGIC_LEAD,
    ),
    Write(
        framework.outcome_create,
        lambda: {"name": "Be healthy"},
        Role.FINANCE_OFFICER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        framework.outcome_update,
        lambda: {
            "outcome": OutcomeFactory(),
            "name": "Stay safe",
            "description": "",
            "position": 1,
        },
        Role.AUDITOR,
        Role.STRATEGIC_LEAD,
    ),
    Write(
        framework.priority_create,
        lambda: {"outcome": OutcomeFactory(), "title": "Fewer exclusions"},
        Role.TEAM_MANAGER,
        Role.STRATEGIC_LEAD,
    ),
    Write(
        framework.priority_update,
        lambda: _priority_change(PriorityFactory()),
        Role.FRONT_DOOR,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        framework.framework_indicator_create,
        lambda: {"priority": PriorityFactory(), "name": "Exclusions per 1,000 pupils"},
        Role.PRACTITIONER,
        Role.STRATEGIC_LEAD,
    ),
    Write(
        framework.framework_indicator_update,
        lambda: _indicator_change(FrameworkIndicatorFactory()),
        Role.FINANCE_OFFICER,
        Role.STRATEGIC_LEAD,
    ),
    Write(framework.commitment_create, _commitment_input, Role.AUDITOR, Role.STRATEGIC_LEAD),
    Write(
        framework.commitment_update,
        lambda: {"commitment": CommitmentFactory(), "contribution": "More clinics."},
        Role.TEAM_MANAGER,
        Role.PARTNERSHIP_ADMIN,
    ),
    Write(
        framework.commitment_delete,
        lambda: {"commitment": CommitmentFactory()},
        Role.PRACTITIONER,
        Role.STRATEGIC_LEAD,
    ),
    Write(
        framework.agency_commitments_set,
        lambda: {"agency": AgencyFactory(), "contributions": {PriorityFactory(): "Clinics."}},
        Role.FRONT_DOOR,
        Role.PARTNERSHIP_ADMIN,
    ),
]


def _partnership_state() -> list[Any]:
    """Every row of the partnership's tables, and how many audit events there are."""
    tables = [
        list(model._default_manager.order_by("pk").values())
        for model in apps.get_app_config("partnership").get_models()
    ]
    return [*tables, AuditEvent.objects.count()]


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_role_that_may_not_is_refused_and_nothing_is_written(write: Write) -> None:
    actor = UserFactory(role=write.refused)
    arguments = write.arrange()
    before = _partnership_state()

    with pytest.raises(PermissionDenied, match=r"^Your role does not allow you to .+\.$"):
        write.service(actor=actor, **arguments)

    assert _partnership_state() == before


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_role_that_may_writes_and_records_it(write: Write) -> None:
    actor = UserFactory(role=write.allowed)
    arguments = write.arrange()
    audited = AuditEvent.objects.count()

    write.service(actor=actor, **arguments)

    assert AuditEvent.objects.count() > audited


def test_downloading_the_alignment_matrix_is_refused_to_a_deactivated_account() -> None:
    gone = UserFactory(role=Role.PARTNERSHIP_ADMIN, is_active=False)
    with pytest.raises(PermissionDenied, match="download the alignment matrix"):
        framework.alignment_matrix_export_record(actor=gone, priorities=1, agencies=1)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_download_the_alignment_matrix(role: Role) -> None:
    framework.alignment_matrix_export_record(actor=UserFactory(role=role), priorities=1, agencies=1)
    assert AuditEvent.objects.count() == 1
