"""How many children are actually involved with both services of a pair (for resources'
duplication page): counted from the involvements open today, a count only, never naming a child.
Counts below five are told as "fewer than 5", so that a small count cannot point at a child."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from childtrust.children.models import Involvement

SMALLEST_SHOWN = 5


def children_involved_with_both(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """For each pair of service ids, how many children have an open involvement with each."""
    pairs = list(pairs)
    services = {service for pair in pairs for service in pair}
    today = timezone.localdate()
    children: dict[int, set[int]] = defaultdict(set)
    rows = (
        Involvement.objects.filter(service_id__in=services, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .filter(child__merged_into__isnull=True)
        .values_list("service_id", "child_id")
    )
    for service_id, child_id in rows:
        children[service_id].add(child_id)
    return {(a, b): len(children[a] & children[b]) for a, b in pairs}


def children_count_words(count: int) -> str:
    """'fewer than 5' below five (none included: that none share is also a fact about them),
    else the count."""
    return f"fewer than {SMALLEST_SHOWN}" if count < SMALLEST_SHOWN else f"{count:,}"
