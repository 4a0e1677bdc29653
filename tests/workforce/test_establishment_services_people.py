"""Writes about people: who may record a spell of sickness absence and a caseload count
(workforce managers within their remit; not the agency's head, who only reads absence), a spell
kept within one census year (1 October to 30 September) and overlapping no other, and
workforce managers' remits (set and cleared by administrators and unlimited workforce
managers only)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce.models import Caseload, SicknessAbsence, WorkforceRemit
from childtrust.workforce.services.establishment import (
    caseload_record,
    sickness_absence_record,
    workforce_remit_clear,
    workforce_remit_set,
)
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory
from tests.workforce.establishment_setup import ACTORS, MANAGERS, actor_for, linked_user
from tests.workforce.factories import (
    HoldingFactory,
    SicknessAbsenceFactory,
    WorkforceManagerFactory,
    WorkforceRemitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ACTORS)
def test_only_workforce_managers_within_remit_record_absence_and_caseloads(kind: str) -> None:
    holding = HoldingFactory()
    person = holding.staff
    actor = actor_for(kind, holding.post)

    if kind in MANAGERS:
        spell = sickness_absence_record(
            actor=actor,
            staff=person,
            starts_on=datetime.date(2024, 11, 4),
            ends_on=datetime.date(2024, 11, 8),
            working_days_lost=Decimal("5"),
        )
        count = caseload_record(
            actor=actor, staff=person, counted_on=datetime.date(2024, 9, 30), cases=18
        )
        assert (spell.working_days_lost, count.cases) == (Decimal("5"), 18)
        assert AuditEvent.objects.filter(object_type="workforce.sicknessabsence").exists()
        assert AuditEvent.objects.filter(object_type="workforce.caseload").exists()
    else:
        with pytest.raises(PermissionDenied, match="record this person's sickness absence"):
            sickness_absence_record(
                actor=actor,
                staff=person,
                starts_on=datetime.date(2024, 11, 4),
                ends_on=datetime.date(2024, 11, 8),
                working_days_lost=Decimal("5"),
            )
        with pytest.raises(PermissionDenied, match="record this person's caseload"):
            caseload_record(
                actor=actor, staff=person, counted_on=datetime.date(2024, 9, 30), cases=18
            )
        assert not SicknessAbsence.objects.exists()
        assert not Caseload.objects.exists()


def test_the_agency_head_reads_absence_but_does_not_record_it() -> None:
    person = StaffMemberFactory()
    head = StaffMemberFactory(agency=person.agency)
    person.manager = head
    person.save()
    actor = linked_user(Role.PRACTITIONER, head)

    with pytest.raises(PermissionDenied):
        sickness_absence_record(
            actor=actor,
            staff=person,
            starts_on=datetime.date(2024, 11, 4),
            ends_on=datetime.date(2024, 11, 4),
            working_days_lost=Decimal("1"),
        )


def test_a_spell_across_30_september_is_refused_naming_the_two_spells() -> None:
    person = StaffMemberFactory()

    with pytest.raises(ValidationError) as refused:
        sickness_absence_record(
            actor=WorkforceManagerFactory(),
            staff=person,
            starts_on=datetime.date(2024, 9, 23),
            ends_on=datetime.date(2024, 10, 4),
            working_days_lost=Decimal("10"),
        )

    assert refused.value.message_dict == {
        "ends_on": [
            "A spell of absence lies within one census year (1 October to 30 September): record "
            "the days to 30 September 2024 as one spell and those from 1 October 2024 as another"
        ]
    }
    assert not SicknessAbsence.objects.exists()


def test_absence_with_bad_input_is_refused_with_every_message() -> None:
    person = StaffMemberFactory()
    actor = WorkforceManagerFactory()

    with pytest.raises(ValidationError) as backwards:
        sickness_absence_record(
            actor=actor,
            staff=person,
            starts_on=datetime.date(2024, 11, 8),
            ends_on=datetime.date(2024, 11, 4),
            working_days_lost=Decimal("-1"),
        )
    with pytest.raises(ValidationError) as too_many:
        sickness_absence_record(
            actor=actor,
            staff=person,
            starts_on=datetime.date(2024, 11, 4),
            ends_on=datetime.date(2024, 11, 5),
            working_days_lost=Decimal("3"),
        )

    assert backwards.value.message_dict == {
        "ends_on": [
            "The last day of absence (4 November 2024) must be on or after the start date "
            "(8 November 2024)"
        ],
        "working_days_lost": ["The working days lost cannot be below 0"],
    }
    assert too_many.value.message_dict == {
        "working_days_lost": [
            "The working days lost (3) cannot be more than the 2 days of the spell"
        ]
    }
    assert not SicknessAbsence.objects.exists()


def test_an_overlapping_spell_is_refused() -> None:
    spell = SicknessAbsenceFactory(
        starts_on=datetime.date(2024, 2, 5), ends_on=datetime.date(2024, 2, 9)
    )

    with pytest.raises(ValidationError) as refused:
        sickness_absence_record(
            actor=WorkforceManagerFactory(),
            staff=spell.staff,
            starts_on=datetime.date(2024, 2, 8),
            ends_on=datetime.date(2024, 2, 12),
            working_days_lost=Decimal("3"),
        )

    assert "from 5 February 2024 to 9 February 2024" in refused.value.message_dict["starts_on"][0]
    assert SicknessAbsence.objects.count() == 1


def test_a_second_count_on_a_day_corrects_the_first() -> None:
    person = StaffMemberFactory()
    actor = WorkforceManagerFactory()
    day = datetime.date(2024, 9, 30)

    caseload_record(actor=actor, staff=person, counted_on=day, cases=18)
    caseload_record(actor=actor, staff=person, counted_on=day, cases=16)
    with pytest.raises(ValidationError) as refused:
        caseload_record(actor=actor, staff=person, counted_on=None, cases=-2)

    assert Caseload.objects.get().cases == 16
    update = AuditEvent.objects.get(object_type="workforce.caseload", action=AuditAction.UPDATE)
    assert (update.details["from"], update.details["cases"]) == (18, 16)
    assert refused.value.message_dict == {
        "counted_on": ["Enter the day the cases were counted"],
        "cases": ["The number of cases cannot be below 0"],
    }


@pytest.mark.parametrize(
    ("role", "remitted", "allowed"),
    [
        (Role.PARTNERSHIP_ADMIN, False, True),
        (Role.WORKFORCE_MANAGER, False, True),
        (Role.WORKFORCE_MANAGER, True, False),
        (Role.AUDITOR, False, False),
        (Role.TEAM_MANAGER, False, False),
        (Role.PRACTITIONER, False, False),
    ],
)
def test_who_sets_and_clears_remits(role: str, remitted: bool, allowed: bool) -> None:
    actor = WorkforceRemitFactory().user if remitted else UserFactory(role=role)
    manager = WorkforceManagerFactory()
    agency = AgencyFactory()

    if allowed:
        remit = workforce_remit_set(actor=actor, user=manager, agency=agency)
        assert remit.agency == agency
        workforce_remit_clear(actor=actor, user=manager)
        assert not WorkforceRemit.objects.filter(user=manager).exists()
        actions = list(
            AuditEvent.objects.filter(object_type="workforce.workforceremit")
            .order_by("sequence")
            .values_list("action", flat=True)
        )
        assert actions == [AuditAction.CREATE, AuditAction.DELETE]
    else:
        with pytest.raises(PermissionDenied, match="set workforce managers' remits"):
            workforce_remit_set(actor=actor, user=manager, agency=agency)
        WorkforceRemitFactory(user=manager)
        with pytest.raises(PermissionDenied, match="set workforce managers' remits"):
            workforce_remit_clear(actor=actor, user=manager)


def test_a_remit_only_for_a_workforce_manager_and_never_ones_own() -> None:
    actor = WorkforceManagerFactory()
    practitioner = UserFactory(role=Role.PRACTITIONER, first_name="Ann", last_name="Lee")
    agency = AgencyFactory()

    with pytest.raises(ValidationError, match="Ann Lee is not a workforce manager"):
        workforce_remit_set(actor=actor, user=practitioner, agency=agency)
    with pytest.raises(ValidationError, match="You cannot limit your own remit"):
        workforce_remit_set(actor=actor, user=actor, agency=agency)
    with pytest.raises(ValidationError, match="works on every partner's workforce already"):
        workforce_remit_clear(actor=actor, user=WorkforceManagerFactory())
    assert not WorkforceRemit.objects.exists()
