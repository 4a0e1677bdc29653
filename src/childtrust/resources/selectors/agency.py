"""One rule, for every part of resources, for whose figures a person may see.

People whose role may see every partner's figures (VIEW_ALL_RESOURCES) see every agency's.
Everyone else sees only the agency they work for, found through their *active* staff record: a
person who has left (their staff record made inactive) or who has none sees no agency's
figures. The budget, costings and allocation selectors all ask here."""

from __future__ import annotations

from typing import Any

from childtrust.core.permissions import Capability, has_capability
from childtrust.partnership.models import Agency, StaffMember


def sees_every_partner(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_ALL_RESOURCES)


def resources_agency_for(user: Any) -> Agency | None:
    """The agency whose figures a partner sees: that of their active staff record, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    staff = StaffMember.objects.filter(user=user, is_active=True).select_related("agency").first()
    return staff.agency if staff is not None else None


def resources_agency_id_for(user: Any) -> int | None:
    agency = resources_agency_for(user)
    return agency.pk if agency is not None else None
