"""Writing option appraisals: the decision record, its options with their costs and benefits year
by year, the risks to each option, and the decision.

Only those who keep the budget write (resources/access.py). Every write is checked in full
before anything is saved, and is audited in the same transaction. Once an appraisal is decided
its options and risks are the record of what the decision was based on, so they no longer
change (the words of the question and title still may, to correct a typing mistake)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from childtrust.accounts.models import User
from childtrust.audit.changes import audit_value, save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.resources import access
from childtrust.resources.models import (
    Appraisal,
    AppraisalOption,
    AppraisalStatus,
    OptionRisk,
    OptionYear,
)

# The calendar year of year 0: appraisals look back (the founding appraisal is of 2005) and
# forward, but not to the nineteenth century or the twenty-second.
EARLIEST_FIRST_YEAR = 1990
LATEST_FIRST_YEAR = 2100
# OptionYear.year_index: an appraisal runs for at most 101 years (0 to 100).
LAST_YEAR_INDEX = 100

APPRAISAL_FIELDS = ("title", "question", "first_year")
OPTION_FIELDS = (
    "name",
    "description",
    "people_affected",
    "people_benefited",
    "optimism_bias_costs",
    "optimism_bias_benefits",
    "pros",
    "cons",
)
#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
KEEP_APPRAISALS = "keep option appraisals"
DECIDED_MESSAGE = (
    "This appraisal has been decided: its options and risks are the record of what the decision "
    "was based on, and cannot change"
)


@dataclass(frozen=True)
class YearInput:
    """An option's costs and benefits in one year of the appraisal, in pounds at today's prices."""

    year_index: int
    costs: Decimal
    benefits: Decimal


def _tidy(fields: dict[str, Any]) -> dict[str, Any]:
    """Single-line text without stray spaces; longer text keeps its line breaks."""
    for name in ("title", "name"):
        if isinstance(fields.get(name), str):
            fields[name] = " ".join(fields[name].split())
    for name, value in fields.items():
        if isinstance(value, str):
            fields[name] = value.strip()
    return fields


def _refuse_if_decided(appraisal: Appraisal) -> None:
    if appraisal.status == AppraisalStatus.DECIDED:
        raise ValidationError(DECIDED_MESSAGE)


# --- The appraisal -----------------------------------------------------------------------------


def _appraisal_errors(appraisal: Appraisal) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not appraisal.title:
        errors["title"] = "Enter a title for the appraisal"
    elif Appraisal.objects.filter(title__iexact=appraisal.title).exclude(pk=appraisal.pk).exists():
        errors["title"] = f"There is already an appraisal called “{appraisal.title}”"
    if not appraisal.question:
        errors["question"] = "Enter the question the appraisal answers"
    if not EARLIEST_FIRST_YEAR <= appraisal.first_year <= LATEST_FIRST_YEAR:
        errors["first_year"] = (
            f"Enter the first year as a year from {EARLIEST_FIRST_YEAR} to {LATEST_FIRST_YEAR}"
        )
    return errors


@transaction.atomic
def appraisal_create(*, actor: User, title: str, question: str, first_year: int) -> Appraisal:
    """Opens a decision record in draft: the question the partnership faces and the calendar
    year its year 0 stands for. Options are added to it one by one."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    fields = _tidy({"title": title, "question": question, "first_year": first_year})
    appraisal = Appraisal(**fields)
    errors = _appraisal_errors(appraisal)
    if errors:
        raise ValidationError(errors)
    save_and_record(
        actor=actor,
        instance=appraisal,
        action=AuditAction.CREATE,
        details={"title": appraisal.title, "first_year": appraisal.first_year},
    )
    return appraisal


@transaction.atomic
def appraisal_update(
    *, actor: User, appraisal: Appraisal, title: str, question: str, first_year: int
) -> Appraisal:
    """Changes the words of the record and its first year. A refused change leaves the
    appraisal as it was."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    update_and_record(
        actor=actor,
        instance=appraisal,
        changes=_tidy({"title": title, "question": question, "first_year": first_year}),
        allowed=APPRAISAL_FIELDS,
        errors=lambda: _appraisal_errors(appraisal),
    )
    return appraisal


# --- Options and their years -------------------------------------------------------------------


def _years_errors(years: Sequence[YearInput]) -> list[str]:
    problems: list[str] = []
    seen: set[int] = set()
    for row in years:
        if row.year_index in seen:
            problems.append(f"Year {row.year_index} is given more than once: give each year once")
        seen.add(row.year_index)
        if not 0 <= row.year_index <= LAST_YEAR_INDEX:
            problems.append(
                f"Year {row.year_index} is outside the appraisal: use years 0 to {LAST_YEAR_INDEX}"
            )
        if row.costs < 0:
            problems.append(f"The costs in year {row.year_index} cannot be negative")
        if row.benefits < 0:
            problems.append(f"The benefits in year {row.year_index} cannot be negative")
    return problems


def _option_errors(option: AppraisalOption, years: Sequence[YearInput]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not option.name:
        errors["name"] = "Enter a name for the option"
    elif (
        AppraisalOption.objects.filter(appraisal=option.appraisal, name__iexact=option.name)
        .exclude(pk=option.pk)
        .exists()
    ):
        errors["name"] = (
            f"This appraisal already has an option called “{option.name}”: give each option its "
            "own name"
        )
    if option.people_benefited is None or option.people_benefited < 0:
        errors["people_benefited"] = "Enter the number of people benefited as 0 or more"
    if not Decimal("0") <= option.optimism_bias_costs <= Decimal("200"):
        errors["optimism_bias_costs"] = "Enter the optimism bias on costs as 0 to 200 per cent"
    if not Decimal("0") <= option.optimism_bias_benefits <= Decimal("100"):
        errors["optimism_bias_benefits"] = (
            "Enter the optimism bias on benefits as 0 to 100 per cent"
        )
    year_problems = _years_errors(years)
    if year_problems:
        errors["years"] = year_problems
    return errors


def _years_save(option: AppraisalOption, years: Sequence[YearInput]) -> None:
    rows = [
        OptionYear(option=option, year_index=y.year_index, costs=y.costs, benefits=y.benefits)
        for y in sorted(years, key=lambda y: y.year_index)
    ]
    for row in rows:
        row.full_clean(exclude=["option"], validate_unique=False)
    option.years.all().delete()
    OptionYear.objects.bulk_create(rows)


def _years_audit(years: Sequence[YearInput]) -> dict[str, list[str]]:
    return {
        str(y.year_index): [str(y.costs), str(y.benefits)]
        for y in sorted(years, key=lambda y: y.year_index)
    }


@transaction.atomic
def option_create(
    *,
    actor: User,
    appraisal: Appraisal,
    name: str,
    years: Sequence[YearInput],
    description: str = "",
    people_affected: str = "",
    people_benefited: int = 0,
    optimism_bias_costs: Decimal = Decimal("0"),
    optimism_bias_benefits: Decimal = Decimal("0"),
    pros: str = "",
    cons: str = "",
) -> AppraisalOption:
    """Adds an option with its costs and benefits in each year (real terms, before discounting
    and optimism bias). Names are unique within an appraisal, ignoring capitals, so that the
    table of results cannot show two rows that read the same."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    _refuse_if_decided(appraisal)
    fields = _tidy(
        {
            "name": name,
            "description": description,
            "people_affected": people_affected,
            "people_benefited": people_benefited,
            "optimism_bias_costs": optimism_bias_costs,
            "optimism_bias_benefits": optimism_bias_benefits,
            "pros": pros,
            "cons": cons,
        }
    )
    last = appraisal.options.aggregate(last=Max("position"))["last"]
    option = AppraisalOption(
        appraisal=appraisal,
        position=0 if last is None else last + 1,
        created_by=actor,
        modified_by=actor,
        **fields,
    )
    errors = _option_errors(option, years)
    if errors:
        raise ValidationError(errors)
    option.full_clean()
    option.save()
    _years_save(option, years)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=option,
        details={
            "appraisal": appraisal.pk,
            **{name: audit_value(value) for name, value in fields.items()},
            "years": _years_audit(years),
        },
    )
    return option


@transaction.atomic
def option_update(
    *, actor: User, option: AppraisalOption, years: Sequence[YearInput], **fields: Any
) -> AppraisalOption:
    """Changes an option and replaces its years with those given. A refused change leaves the
    option and its years as they were."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    _refuse_if_decided(option.appraisal)
    unknown = set(fields) - set(OPTION_FIELDS)
    if unknown:
        raise TypeError(f"An option has no changeable fields {sorted(unknown)}")
    fields = _tidy(fields)
    before = {name: getattr(option, name) for name in fields}
    changed = sorted(name for name, value in fields.items() if before[name] != value)
    years_before = {
        y.year_index: (y.costs, y.benefits) for y in option.years.order_by("year_index")
    }
    years_after = {y.year_index: (y.costs, y.benefits) for y in years}
    years_changed = years_before != years_after or len(years_after) != len(years)
    if not changed and not years_changed:
        return option
    for name in changed:
        setattr(option, name, fields[name])
    try:
        errors = _option_errors(option, years)
        if errors:
            raise ValidationError(errors)
        option.modified_by = actor
        option.full_clean()
    except ValidationError:
        for name in changed:
            setattr(option, name, before[name])
        raise
    option.save()
    details: dict[str, Any] = {
        "appraisal": option.appraisal_id,
        "changed": changed,
        "from": {name: audit_value(before[name]) for name in changed},
        "to": {name: audit_value(fields[name]) for name in changed},
    }
    if years_changed:
        _years_save(option, years)
        details["years"] = _years_audit(years)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=option, details=details)
    return option


# --- Risks -------------------------------------------------------------------------------------


@transaction.atomic
def risk_create(
    *,
    actor: User,
    option: AppraisalOption,
    description: str,
    likelihood: Decimal,
    cost_if_it_happens: Decimal,
    year_index: int = 0,
    mitigation: str = "",
) -> OptionRisk:
    """Adds a risk to an option; the appraisal adds its expected cost (likelihood x cost if it
    happens) to the option's costs in the year given."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    _refuse_if_decided(option.appraisal)
    fields = _tidy({"description": description, "mitigation": mitigation})
    risk = OptionRisk(
        option=option,
        likelihood=likelihood,
        cost_if_it_happens=cost_if_it_happens,
        year_index=year_index,
        **fields,
    )
    errors: dict[str, str] = {}
    if not risk.description:
        errors["description"] = "Describe the risk"
    if not Decimal("0") <= likelihood <= Decimal("1"):
        errors["likelihood"] = (
            "Enter the likelihood as a number from 0 to 1, such as 0.25 for a one in four chance"
        )
    if cost_if_it_happens < 0:
        errors["cost_if_it_happens"] = "The cost if it happens cannot be negative"
    if not 0 <= year_index <= LAST_YEAR_INDEX:
        errors["year_index"] = f"Enter the year as a year of the appraisal, 0 to {LAST_YEAR_INDEX}"
    if errors:
        raise ValidationError(errors)
    risk.full_clean()
    risk.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=risk,
        details={
            "option": option.pk,
            "appraisal": option.appraisal_id,
            "description": risk.description,
            "likelihood": str(likelihood),
            "cost_if_it_happens": str(cost_if_it_happens),
            "year_index": year_index,
        },
    )
    return risk


@transaction.atomic
def risk_delete(*, actor: User, risk: OptionRisk) -> None:
    """Removes a risk from an option of an appraisal still in draft; the audit event keeps it."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    _refuse_if_decided(risk.option.appraisal)
    details = {
        "option": risk.option_id,
        "appraisal": risk.option.appraisal_id,
        "description": risk.description,
        "likelihood": str(risk.likelihood),
        "cost_if_it_happens": str(risk.cost_if_it_happens),
        "year_index": risk.year_index,
    }
    audit_record(actor=actor, action=AuditAction.DELETE, target=risk, details=details)
    risk.delete()


# --- The decision ------------------------------------------------------------------------------


@transaction.atomic
def appraisal_decide(
    *, actor: User, appraisal: Appraisal, chosen_option: AppraisalOption, decision: str
) -> Appraisal:
    """Records the option chosen and what was decided, by whom and why. The chosen option need
    not be the one ranked first: the record then shows the decision went against the ranking,
    and the decision text should say why. The appraisal's row is locked before its status is
    read, so that two decisions recorded at once cannot both be taken: the second is refused."""
    require(access.can_manage_resources(actor), to=KEEP_APPRAISALS)
    locked = Appraisal.objects.select_for_update().only("status").get(pk=appraisal.pk)
    appraisal.status = locked.status
    _refuse_if_decided(appraisal)
    decision = decision.strip()
    errors: dict[str, str] = {}
    if chosen_option.appraisal_id != appraisal.pk:
        errors["chosen_option"] = "Choose one of this appraisal's options"
    if not decision:
        errors["decision"] = "Enter what was decided, by whom and why"
    if errors:
        raise ValidationError(errors)
    appraisal.chosen_option = chosen_option
    appraisal.decision = decision
    appraisal.status = AppraisalStatus.DECIDED
    save_and_record(
        actor=actor,
        instance=appraisal,
        action=AuditAction.UPDATE,
        details={
            "status": AppraisalStatus.DECIDED.value,
            "chosen_option": chosen_option.pk,
            "chosen_option_name": chosen_option.name,
        },
    )
    return appraisal


def appraisal_export_record(*, actor: User, appraisal: Appraisal, rows: int) -> None:
    """The CSV download of an appraisal's figures is audited as an export."""
    require(access.can_view_resources(actor), to="download option appraisals")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=appraisal,
        details={"format": "csv", "rows": rows},
    )
