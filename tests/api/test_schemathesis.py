"""Generated requests over the whole API (schemathesis): every operation of the OpenAPI schema,
called through the WSGI application (no server), with requests that fit the schema and ones
that do not, as a role that may change things and as one that may only read. None may answer
with a server error (5xx).

Short and repeatable: a fixed seed (hypothesis' derandomize) and a small example budget each,
so that the run takes well under a minute and finds the same requests each time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from childtrust.accounts.models import ApiTokenScope, Role
from childtrust.accounts.services import api_token_create
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    OutcomeFactory,
    PublishedFeedbackFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)
from tests.resources.factories_appraisal import two_option_appraisal
from tests.resources.factories_budget import BudgetLineFactory
from tests.resources.factories_costings import ServiceCostingFactory

EXAMPLES_PER_OPERATION = 8

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _connection_kept() -> Iterator[None]:
    """Requests come through the WSGI application, which closes the database connection after
    each (and so, on PostgreSQL, the test's transaction); Django's own test client keeps it
    open in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=[Role.STRATEGIC_LEAD, Role.AUDITOR])
def token(request: pytest.FixtureRequest, db: None) -> str:
    """A read-and-write token of a role that changes what the API changes (a strategic lead
    keeps the budget, costings, allocations and appraisals), and a read-only one (an
    auditor's), in a partnership with a record of each kind to find."""
    role = request.param
    user = UserFactory(role=role)
    agency = AgencyFactory()
    StaffMemberFactory(user=user, agency=agency)
    service = ServiceFactory(agency=agency)
    service.localities.add(LocalityFactory())
    TeamFactory(agency=agency)
    OutcomeFactory()
    ServiceCostingFactory(service=service)
    BudgetLineFactory(service=service)
    two_option_appraisal()
    PublishedFeedbackFactory()
    scope = ApiTokenScope.READ if role == Role.AUDITOR else ApiTokenScope.READ_WRITE
    _, raw = api_token_create(user=user, scope=scope)
    return raw


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_answers_a_server_error(case: Any, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )
