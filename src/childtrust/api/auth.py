"""Who may call the API: a person's own bearer token (`childtrust create_api_token USERNAME`),
live (not revoked, not expired), only if their role may use the API, and only to read unless
the token was made to read and write."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from childtrust.accounts.access import can_use_api
from childtrust.accounts.models import User
from childtrust.accounts.services import api_token_authenticate

UNAUTHENTICATED_MESSAGE = (
    "Send a valid API token in the header 'Authorization: Bearer <token>'. "
    "The token may be missing, mistyped, revoked or expired, or its user may no longer be "
    "active."
)
NOT_ALLOWED_MESSAGE = "Your role does not allow you to use the API."
READ_ONLY_MESSAGE = (
    "This API token may only read. Ask for a token that may read and write to make changes."
)
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiTokenAuth(HttpBearer):
    """Answers None (so 401) for a missing, unknown, revoked or expired token or an inactive
    user; raises 403 for a known user whose role may not use the API, and for a read-only
    token asked to change something."""

    openapi_bearerFormat = "childtrust API token"  # noqa: N815 (the OpenAPI field's own name)

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = api_token_authenticate(token.strip())
        if api_token is None:
            return None
        user = api_token.user
        # Code that reads request.user (the audit origin, selectors, the log of a refusal) sees
        # the token's owner.
        request.user = user
        if not can_use_api(user):
            raise AuthorizationError(message=NOT_ALLOWED_MESSAGE)
        if request.method not in READING_METHODS and not api_token.may_write:
            raise AuthorizationError(message=READ_ONLY_MESSAGE)
        return user
