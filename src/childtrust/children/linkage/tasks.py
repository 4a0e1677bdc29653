"""The scheduled linkage of new records, and the search keys of a first load's children, run by
`childtrust worker` (see core.schedule)."""

from __future__ import annotations

from django_tasks import task

from childtrust.children.search_keys import search_keys_fill_missing
from childtrust.children.services.linkage import BY_SCHEDULE, records_link_unattended


@task()
def link_new_records() -> int:
    """Links records not yet linked against the index. Returns how many were linked."""
    return records_link_unattended(full=False, by=BY_SCHEDULE).records


@task()
def search_keys_fill() -> int:
    """Keys for the children a linkage run made more of than it keyed at once. Returns how many
    children were keyed."""
    return search_keys_fill_missing()[0]
