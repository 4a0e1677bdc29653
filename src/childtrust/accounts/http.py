"""The type of a request behind sign-in, so that views and API endpoints say who is signed in."""

from __future__ import annotations

from django.http import HttpRequest

from childtrust.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request that has passed sign-in (a page behind `login_required` or `access_required`,
    or an API endpoint behind a token): its `user` is the project's User, never anonymous."""

    user: User
