"""Who may see or do what in the staff voice: messages cascaded down the line, pulse surveys
and feedback. The only module that decides it; views, forms, selectors, services and the API
ask here."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_use_staff_voice(user: PermissionHolder | None) -> bool:
    """Reading messages, answering surveys and raising feedback: every signed-in member of staff."""
    return has_capability(user, Capability.VIEW_PARTNERSHIP)


def can_view_staff_voice(user: PermissionHolder | None) -> bool:
    """The leaders' page: reach, survey results and feedback response times."""
    return has_capability(user, Capability.VIEW_STAFF_VOICE)
