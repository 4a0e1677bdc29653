"""People who sign in, their roles, and their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from childtrust.accounts.roles import ROLE_CAPABILITIES, Role
from childtrust.core.permissions import CAPABILITY_NAMES

__all__ = ["ApiToken", "Role", "User"]


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


class ApiToken(models.Model):
    """A per-user bearer token for partner systems. Only a SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(
        max_length=12, help_text="The first characters, to tell tokens apart."
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
