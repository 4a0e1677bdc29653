"""Writes to restructures, one module per subject: the proposal itself and its timeline (with
the planned first dismissal checked against the law, and the HR1 notification), its parts
(selection pools, post changes, the people affected), putting it in place and finishing it, and
what became of each person (which ends or moves their holding). The consultation's meetings,
responses and answers are in services/consultation.py. Every write is keyword-only, atomic,
checked through workforce/access.py and audited; bad input is refused with every message at
once and nothing written."""

from childtrust.workforce.services.restructures.implementation import (
    restructure_finish,
    restructure_implement,
)
from childtrust.workforce.services.restructures.outcomes import affected_outcome_record
from childtrust.workforce.services.restructures.parts import (
    restructure_person_add,
    restructure_person_remove,
    restructure_person_update,
    restructure_pool_add,
    restructure_pool_remove,
    restructure_post_change_add,
    restructure_post_change_remove,
)
from childtrust.workforce.services.restructures.proposal import (
    restructure_create,
    restructure_first_dismissal_set,
    restructure_hr1_record,
    restructure_update,
    restructure_withdraw,
)

__all__ = [
    "affected_outcome_record",
    "restructure_create",
    "restructure_finish",
    "restructure_first_dismissal_set",
    "restructure_hr1_record",
    "restructure_implement",
    "restructure_person_add",
    "restructure_person_remove",
    "restructure_person_update",
    "restructure_pool_add",
    "restructure_pool_remove",
    "restructure_post_change_add",
    "restructure_post_change_remove",
    "restructure_update",
    "restructure_withdraw",
]
