"""Which role may do what: the whole table written out, so that a change to it is deliberate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.permissions import Capability, has_capability
from tests.conftest import ALL_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

C = Capability
P, TM, FD, SL, PA, FO, AU, WM, DP = (
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR,
    Role.STRATEGIC_LEAD,
    Role.PARTNERSHIP_ADMIN,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
    Role.WORKFORCE_MANAGER,
    Role.DATA_PROTECTION_LEAD,
)

# capability -> the roles that have it. Every other role must not.
EXPECTED: dict[Capability, set[Role]] = {
    C.VIEW_PARTNERSHIP: {P, TM, FD, SL, PA, FO, AU, WM, DP},
    C.VIEW_STAFF_DIRECTORY: {P, TM, FD, SL, PA, FO, AU, WM, DP},
    C.USE_API: {P, TM, FD, SL, PA, FO, AU, WM, DP},
    C.MANAGE_PARTNERSHIP: {PA},
    C.MANAGE_FRAMEWORK: {SL, PA},
    C.VIEW_AUDIT_LOG: {AU},
    C.SEND_MESSAGES: {SL, PA, WM},
    C.MANAGE_SURVEYS: {SL, PA, WM},
    C.VIEW_STAFF_VOICE: {SL, PA, WM},
    C.RECORD_TEAM_BRIEFINGS: {TM},
    C.MANAGE_OUTCOMES: {SL, PA},
    C.VIEW_OWN_RESOURCES: {P, TM, FD, SL, PA, FO, AU, WM, DP},
    C.VIEW_ALL_RESOURCES: {SL, PA, FO, AU},
    C.MANAGE_RESOURCES: {SL, FO},
    C.VIEW_STRATEGY: {P, TM, FD, SL, PA, FO, AU, WM, DP},
    C.MANAGE_STRATEGY: {SL, PA},
    C.VIEW_TEAM_WORKFORCE: {TM, WM},
    C.VIEW_WORKFORCE: {AU, WM},
    C.MANAGE_WORKFORCE: {WM},
    C.VIEW_WORKFORCE_MEASURES: {SL, PA, AU, WM},
    C.FIND_CHILDREN: {P, TM, FD, PA, DP},
    C.SEE_EVERY_CHILD: {FD},
    C.RECORD_INVOLVEMENT: {P, TM, FD},
    C.IMPORT_CHILD_RECORDS: {PA},
    C.REVIEW_CHILD_LINKS: {FD, PA},
    C.SHIELD_CHILDREN: {FD, DP},
    C.BREAK_GLASS: {TM, FD},
    C.REVIEW_CHILD_ACCESS: {DP},
    C.RUN_RETENTION: {DP},
    C.VIEW_LOCALITY_CASELOAD: {P, TM, FD},
    C.RECORD_CONCERNS: {P, TM, FD},
    C.RUN_FRONT_DOOR: {FD},
    C.MANAGE_ALERT_RULES: {FD, PA},
    C.VIEW_SAFEGUARDING_CLOCKS: {TM, FD},
}


def test_the_expected_table_names_every_capability() -> None:
    assert set(EXPECTED) == set(Capability)


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_has_exactly_the_intended_capabilities(role: Role, capability: Capability) -> None:
    user = UserFactory(role=role)
    assert has_capability(user, capability) is (role in EXPECTED[capability])


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_inactive_user_has_no_capability(role: Role, capability: Capability) -> None:
    assert has_capability(UserFactory(role=role, is_active=False), capability) is False


@pytest.mark.parametrize("capability", list(Capability))
def test_anonymous_user_has_no_capability(capability: Capability) -> None:
    assert has_capability(AnonymousUser(), capability) is False
    assert has_capability(None, capability) is False


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_auditors_may_open_the_audit_log(role: Role) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    response = client.get("/audit/")
    if role == AU:
        assert response.status_code == 200
        assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == 1
    else:
        assert response.status_code == 403
        assert "You cannot see this page" in response.content.decode()
        assert not AuditEvent.objects.exists()


def test_anonymous_person_is_sent_to_sign_in_from_the_audit_log() -> None:
    response = Client().get("/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/audit/"
