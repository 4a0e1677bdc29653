"""The rules a new password must meet, in one place for the form (which shows every problem at
once) and the service (which checks again before it writes)."""

from __future__ import annotations

from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError

from childtrust.accounts.models import User

WRONG_PASSWORD_MESSAGE = "Your current password is not right"  # noqa: S105 (a message)
SAME_PASSWORD_MESSAGE = "Your new password must be different from your current one"  # noqa: S105


def password_change_errors(
    *, user: User, current_password: str, new_password: str
) -> dict[str, list[str]]:
    """Every problem with changing the user's password, by field: the current password wrong,
    and each of Django's validators (AUTH_PASSWORD_VALIDATORS) the new one fails."""
    errors: dict[str, list[str]] = {}
    current_ok = bool(current_password) and user.check_password(current_password)
    if current_password and not current_ok:
        errors["current_password"] = [WRONG_PASSWORD_MESSAGE]
    if new_password:
        try:
            validate_password(new_password, user)
        except ValidationError as refusal:
            errors["new_password"] = list(refusal.messages)
        if current_ok and new_password == current_password:
            errors.setdefault("new_password", []).append(SAME_PASSWORD_MESSAGE)
    return errors


def password_rules() -> list[str]:
    """What the validators ask, as sentences for the form's hint."""
    return list(password_validators_help_texts())
