"""What the resources pages share: who is acting, a form's posted data, and whether the user
keeps the budget (MANAGE_RESOURCES: sees the forms and may post)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from childtrust.accounts.models import User
from childtrust.core.permissions import Capability, has_capability


def acting_user(request: HttpRequest) -> User:
    """The signed-in user a write is recorded against (the views are behind
    capability_required, so an anonymous user here is refused, not a crash)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one, so that it shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def manages_resources(request: HttpRequest) -> bool:
    return has_capability(request.user, Capability.MANAGE_RESOURCES)
