"""Choosing the local authorities the partnership is compared with in the national workforce
statistics, by a workforce manager who works across every partner.

The rules, and why: a comparator must be a local authority in the statistics loaded (a code
with no figures would be an empty line on every chart); the partnership's own authority is not
one (it is always shown); at most MAX_COMPARATORS, so that the tables stay readable (DfE's
statistical neighbours are ten; a region has at most nineteen authorities). Choosing is one
write: the list becomes the one chosen, each authority added or removed with its own audit
event."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.models import WorkforceComparator
from childtrust.workforce.selectors.statistics import authorities_held, partnership_authority

MAX_COMPARATORS = 20
CHOOSE_COMPARATORS = "choose the comparator authorities"


@transaction.atomic
def workforce_comparators_set(
    *, actor: User, area_codes: Iterable[str]
) -> list[WorkforceComparator]:
    """Make the comparators exactly the authorities given (by code), adding and removing as
    needed; refuses, with every reason at once and nothing changed, a code that is not a local
    authority in the loaded statistics, the partnership's own authority, or too many. Returns the
    comparators chosen, by name."""
    require(access.can_manage_whole_workforce(actor), to=CHOOSE_COMPARATORS)
    codes = list(dict.fromkeys(code.strip().upper() for code in area_codes if code.strip()))
    names = {area.code: area.name for area in authorities_held()}
    errors: list[str] = []
    unknown = [code for code in codes if code not in names]
    if unknown:
        errors.append(
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a local authority "
            "in the national statistics loaded: load a file with its figures first"
        )
    own = partnership_authority()
    if own is not None and own.code in codes:
        errors.append(
            f"{own.name} is the partnership's own authority: it is always shown, so it cannot "
            "be a comparator"
        )
    if len(codes) > MAX_COMPARATORS:
        errors.append(
            f"Choose at most {MAX_COMPARATORS} comparator authorities: you chose {len(codes)}"
        )
    if errors:
        raise ValidationError({"area_codes": errors})
    held = {comparator.area_code: comparator for comparator in WorkforceComparator.objects.all()}
    for code, comparator in held.items():
        if code not in codes:
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                target=comparator,
                details={"area_code": code, "area_name": comparator.area_name},
            )
            comparator.delete()
    for code in codes:
        kept = held.get(code)
        if kept is None:
            save_and_record(
                actor=actor,
                instance=WorkforceComparator(area_code=code, area_name=names[code]),
                action=AuditAction.CREATE,
                details={"area_code": code, "area_name": names[code]},
            )
        elif kept.area_name != names[code]:  # renamed in a newer file
            kept.area_name = names[code]
            save_and_record(
                actor=actor,
                instance=kept,
                action=AuditAction.UPDATE,
                details={"area_code": code, "area_name": names[code]},
            )
    return list(WorkforceComparator.objects.order_by("area_name"))
