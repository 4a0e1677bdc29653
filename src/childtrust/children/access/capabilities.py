"""The capabilities behind children's data, one question each: the roles that hold them are
core.permissions'. Every other rule in this package starts from one of these."""

from __future__ import annotations

from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_find_children(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.FIND_CHILDREN)


def can_see_every_child(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.SEE_EVERY_CHILD)


def can_record_involvement(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.RECORD_INVOLVEMENT)


def can_import_child_records(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.IMPORT_CHILD_RECORDS)


def can_review_child_links(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.REVIEW_CHILD_LINKS)


def can_shield_children(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.SHIELD_CHILDREN)


def can_break_glass(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.BREAK_GLASS)


def can_review_child_access(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.REVIEW_CHILD_ACCESS)


def can_run_retention(user: PermissionHolder | None) -> bool:
    """Listing the children past their retention date and anonymising them: the data
    protection lead (the page shows references, never names)."""
    return has_capability(user, Capability.RUN_RETENTION)


def can_view_locality_caseload(user: PermissionHolder | None) -> bool:
    return has_capability(user, Capability.VIEW_LOCALITY_CASELOAD)


def can_see_shielded_matches(user: PermissionHolder | None) -> bool:
    """Whether search tells this reader that a shielded record matches (never who it is)."""
    return can_break_glass(user) or can_shield_children(user)


def can_run_linkage(user: PermissionHolder | None) -> bool:
    """Running linkage: those who review links (the front door, administrators) and those who
    import the records it links (administrators, partner systems)."""
    return can_review_child_links(user) or can_import_child_records(user)
