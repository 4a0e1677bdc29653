"""The duplicated provision page, as the partnership's alignment matrix links to it where
agencies' work overlaps (registered in apps.py with partnership.overlaps)."""

from __future__ import annotations

from django.urls import reverse

from childtrust.core.permissions import PermissionHolder
from childtrust.resources import access


def duplication_page_for(user: PermissionHolder) -> str | None:
    """The duplication page's address, for those who may open it."""
    return reverse("resources:duplication") if access.can_view_duplication(user) else None
