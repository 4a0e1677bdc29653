"""What the tests of the resources API's write endpoints share: a client that sends a token and
JSON with any method, made for a fresh user of a role; and the roles that keep the budget."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from childtrust.accounts.models import ApiTokenScope, Role
from childtrust.accounts.services import api_token_create
from childtrust.audit.models import AuditEvent
from tests.factories import StaffMemberFactory, UserFactory

#: MANAGE_RESOURCES: the roles that may write, as on the pages.
MANAGERS = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}


class WriteClient:
    def __init__(self, token: str) -> None:
        self.token = token
        self.client = Client()

    def call(self, method: str, path: str, body: object = None) -> Any:
        return self.client.generic(
            method.upper(),
            f"/api/v1{path}",
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers={"Authorization": f"Bearer {self.token}"},
        )


def writer(role: str, *, agency: Any = None) -> WriteClient:
    """A client for a fresh user of the role (working for the agency, if given)."""
    user = UserFactory(role=role)
    if agency is not None:
        StaffMemberFactory(user=user, agency=agency)
    _, raw = api_token_create(user=user, name="test", scope=ApiTokenScope.READ_WRITE)
    return WriteClient(raw)


def resources_audit_count() -> int:
    """Audit events of the resources app: a refused write must add none."""
    return AuditEvent.objects.filter(object_type__startswith="resources.").count()
