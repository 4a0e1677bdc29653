"""People who sign in, their roles, and their API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    FRONT_DOOR = "front_door", "Front door (MASH) officer"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    AUDITOR = "auditor", "Auditor"


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
