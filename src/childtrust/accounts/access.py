"""Who may use what accounts give: the API, with a person's own token."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_use_api(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.USE_API)
