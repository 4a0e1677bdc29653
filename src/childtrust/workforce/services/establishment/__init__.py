"""Writes to the establishment, one module per subject: posts and their job descriptions
(posts), holders and agency cover (holdings), people's absence and caseloads (people) and
workforce managers' remits (remits)."""

from childtrust.workforce.services.establishment.holdings import (
    agency_cover_add,
    agency_cover_end,
    holding_add,
    holding_end,
)
from childtrust.workforce.services.establishment.people import (
    caseload_record,
    sickness_absence_record,
)
from childtrust.workforce.services.establishment.posts import (
    job_description_change,
    post_create,
    post_end,
    post_update,
)
from childtrust.workforce.services.establishment.remits import (
    workforce_remit_clear,
    workforce_remit_set,
)

__all__ = [
    "agency_cover_add",
    "agency_cover_end",
    "caseload_record",
    "holding_add",
    "holding_end",
    "job_description_change",
    "post_create",
    "post_end",
    "post_update",
    "sickness_absence_record",
    "workforce_remit_clear",
    "workforce_remit_set",
]
