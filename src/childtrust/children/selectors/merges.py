"""Which children were merged into a child: a merge moves the children app's own records to the
child kept, but records other apps hold (safeguarding's concerns and referrals) still name the
child merged away, so their readers ask for every key the child has had."""

from __future__ import annotations

from childtrust.children.models import Child

#: Merges of merges are followed this deep at most (a loop of merges would otherwise not end).
MAX_GENERATIONS = 20


def child_ids_with_merged(child: Child) -> list[int]:
    """The child's key and the keys of every child merged into it, directly or through another
    merged child, the child's own first. One query per generation of merges (usually one)."""
    found = [child.pk]
    seen = {child.pk}
    generation = [child.pk]
    for _ in range(MAX_GENERATIONS):
        merged = [
            pk
            for pk in Child.objects.filter(merged_into__in=generation).values_list("pk", flat=True)
            if pk not in seen
        ]
        if not merged:
            break
        found += merged
        seen.update(merged)
        generation = merged
    return found
