"""Who may see or change the pooled budget, costings, allocations and appraisals. The only
module that decides it; views, forms, selectors, services and the API ask here."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_view_resources(user: PermissionHolder | None) -> bool:
    """The resources pages: every partner sees at least its own agency's figures."""
    return has_capability(user, Capability.VIEW_OWN_RESOURCES)


def can_view_every_partner(user: PermissionHolder | None) -> bool:
    """Every partner's lines, services and warnings, not only the agency the user works for."""
    return has_capability(user, Capability.VIEW_ALL_RESOURCES)


def can_manage_resources(user: PermissionHolder | None) -> bool:
    """The budget, spend, costings, allocations and appraisals: finance officers and strategic
    leads."""
    return has_capability(user, Capability.MANAGE_RESOURCES)
