"""An API endpoint asked by a role the role table no longer gives a capability: the endpoint
asks the same access function as its page, so it answers 403 with the refusal's own sentence."""

from __future__ import annotations

import pytest

from childtrust.accounts import roles
from childtrust.accounts.models import Role
from childtrust.core.permissions import Capability
from tests.api.conftest import ApiClient


def assert_refused_without(
    capability: Capability,
    *,
    api: ApiClient,
    path: str,
    sentence: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`api` is a practitioner's client (the `api` fixture), refused once practitioners lose
    `capability`."""
    monkeypatch.setitem(
        roles.ROLE_CAPABILITIES,
        Role.PRACTITIONER,
        roles.ROLE_CAPABILITIES[Role.PRACTITIONER] - {capability},
    )

    response = api.get(path)

    assert response.status_code == 403
    assert response.json() == {"detail": f"Your role does not allow you to {sentence}."}
