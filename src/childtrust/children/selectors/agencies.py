"""Which agencies know each child: those holding a record of it and those involved with it now,
by key only (no child's details). Safeguarding's demo reads it to write concerns from the
agencies that would have them; a child's details stay behind child_for_user."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from childtrust.children.models import AgencyRecord, Child, Involvement


@dataclass(frozen=True)
class ChildAgencies:
    """A child's key and the keys of the agencies that know it; `involved` names, for each
    agency with a current involvement, the practitioners (staff keys) working with the child."""

    child_id: int
    agency_ids: frozenset[int]
    involved: dict[int, list[int]] = field(default_factory=dict)
    lead_professional_id: int | None = None


def children_agencies() -> list[ChildAgencies]:
    """Every child in the index (not merged into another, not shielded, not anonymised) with
    the agencies that hold its records or work with it now, in the order of their keys."""
    live = Child.objects.filter(
        merged_into__isnull=True, shielded=False, anonymised_at__isnull=True
    ).values_list("pk", flat=True)
    agencies: dict[int, set[int]] = defaultdict(set)
    for child_id, agency_id in AgencyRecord.objects.filter(child__in=live).values_list(
        "child_id", "agency_id"
    ):
        agencies[child_id].add(agency_id)
    involved: dict[int, dict[int, list[int]]] = defaultdict(dict)
    leads: dict[int, int] = {}
    current = Involvement.objects.filter(
        Q(ended_on__isnull=True), child__in=live, practitioner__isnull=False, sensitivity=""
    ).order_by("pk")
    for child_id, agency_id, staff_id, lead in current.values_list(
        "child_id", "agency_id", "practitioner_id", "is_lead_professional"
    ):
        agencies[child_id].add(agency_id)
        involved[child_id].setdefault(agency_id, []).append(staff_id)
        if lead:
            leads[child_id] = staff_id
    return [
        ChildAgencies(
            child_id=child_id,
            agency_ids=frozenset(agencies[child_id]),
            involved=involved.get(child_id, {}),
            lead_professional_id=leads.get(child_id),
        )
        for child_id in sorted(agencies)
    ]
