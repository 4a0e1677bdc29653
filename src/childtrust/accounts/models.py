"""People who sign in, their roles, and their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from childtrust.accounts.roles import ROLE_CAPABILITIES, Role
from childtrust.core.permissions import CAPABILITY_NAMES

__all__ = ["ApiToken", "ApiTokenScope", "Role", "User"]


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRACTITIONER)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_is_known"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """The partnership's capabilities come from the role alone (accounts.roles), for an
        active account, never from Django's superuser flag; Django's own permissions (its admin
        site) are checked as Django checks them."""
        if perm in CAPABILITY_NAMES:
            return self.is_active and perm in ROLE_CAPABILITIES.get(self.role, frozenset())
        return super().has_perm(perm, obj)


class ApiTokenScope(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read_write", "Read and write"


class ApiToken(models.Model):
    """A per-user bearer token for partner systems. Only a SHA-256 digest is stored. A token
    reads only, unless made to read and write, and stops working when it expires."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(
        max_length=12, help_text="The first characters, to tell tokens apart."
    )
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        max_length=16, choices=ApiTokenScope.choices, default=ApiTokenScope.READ
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(
        null=True, blank=True, help_text="To the minute: written at most once a minute."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=ApiTokenScope.values),
                name="api_token_scope_is_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def may_write(self) -> bool:
        return self.scope == ApiTokenScope.READ_WRITE
