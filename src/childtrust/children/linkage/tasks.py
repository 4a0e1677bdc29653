"""The scheduled linkage of new records, run by `childtrust worker` (see core.schedule)."""

from __future__ import annotations

from django_tasks import task

from childtrust.children.services.linkage import BY_SCHEDULE, records_link_unattended


@task()
def link_new_records() -> int:
    """Links records not yet linked against the index. Returns how many were linked."""
    return records_link_unattended(full=False, by=BY_SCHEDULE).records
