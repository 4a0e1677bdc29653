"""What the resources API's write endpoints share: only those who keep the budget (strategic
leads and finance officers, MANAGE_RESOURCES) may write, as on the pages; and a service's
refusal becomes a 400 whose `detail` gives its messages in plain words, as POST /allocations
does. The rules themselves stay in the services: the endpoints only translate."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja.errors import HttpError

from childtrust.accounts.models import User
from childtrust.core.permissions import Capability, has_capability


def manager_of(request: HttpRequest, words: str) -> User:
    """The person writing, if their role keeps the budget; 403 otherwise."""
    user = request.user
    if not isinstance(user, User) or not has_capability(user, Capability.MANAGE_RESOURCES):
        raise HttpError(403, f"Your role does not allow you to {words}.")
    return user


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message[-1] in ".!?" else f"{message}."


def refused(error: ValidationError) -> HttpError:
    """A 400 with every message of the service's refusal, each a sentence."""
    return HttpError(400, " ".join(_sentence(message) for message in error.messages))
