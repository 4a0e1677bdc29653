"""Who may call the API: a person's own bearer token (`childtrust create_api_token USERNAME`),
and only if their role may use the API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from childtrust.accounts.access import can_use_api
from childtrust.accounts.models import User
from childtrust.accounts.services import api_token_authenticate

UNAUTHENTICATED_MESSAGE = (
    "Send a valid API token in the header 'Authorization: Bearer <token>'. "
    "The token may be missing, mistyped or revoked, or its user may no longer be active."
)
NOT_ALLOWED_MESSAGE = "Your role does not allow you to use the API."


class ApiTokenAuth(HttpBearer):
    """Answers None (so 401) for a missing, unknown or revoked token or an inactive user; raises
    403 for a known user whose role may not use the API."""

    openapi_bearerFormat = "childtrust API token"  # noqa: N815 (the OpenAPI field's own name)

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token.strip())
        if user is None:
            return None
        if not can_use_api(user):
            raise AuthorizationError(message=NOT_ALLOWED_MESSAGE)
        # Code that reads request.user (the audit origin, selectors) sees the token's owner.
        request.user = user
        return user
