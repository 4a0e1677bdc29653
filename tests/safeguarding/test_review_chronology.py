"""A fresh-eyes review of safeguarding: a restricted concern's significance is part of its
detail (the API's known_only leaves `significant` null), so the chronology neither flags it nor
lets the "significant only" filter tell it apart for a reader who may not read it."""

from __future__ import annotations

import pytest

from childtrust.accounts.models import Role
from childtrust.safeguarding.access import chronology_child_for
from childtrust.safeguarding.selectors.chronology import (
    ChronologyFilter,
    EntryKind,
    chronology_for,
)
from tests.children.factories import ChildFactory, InvolvementFactory, staff_user
from tests.safeguarding.factories_concerns import RestrictedConcernFactory

pytestmark = pytest.mark.django_db


def test_a_restricted_concerns_significance_is_not_shown_to_a_reader_who_may_not_read_it() -> None:
    child = ChildFactory()
    RestrictedConcernFactory(child=child, significant=True)
    reader = staff_user(Role.PRACTITIONER)
    InvolvementFactory(child=child, practitioner=reader.staff_member)
    view = chronology_child_for(reader, child.reference, purpose="Test")
    whole = chronology_for(reader, view)
    [entry] = [e for e in whole.entries if e.kind == EntryKind.CONCERN]
    assert entry.restricted
    assert not entry.significant
    narrowed = chronology_for(reader, view, ChronologyFilter(significant_only=True))
    assert [e for e in narrowed.entries if e.kind == EntryKind.CONCERN] == []


def test_the_recording_agency_still_sees_its_restricted_concern_flagged() -> None:
    child = ChildFactory()
    concern = RestrictedConcernFactory(child=child, significant=True)
    reader = staff_user(Role.PRACTITIONER, agency=concern.agency)
    InvolvementFactory(child=child, practitioner=reader.staff_member)
    view = chronology_child_for(reader, child.reference, purpose="Test")
    [entry] = [e for e in chronology_for(reader, view).entries if e.kind == EntryKind.CONCERN]
    assert entry.significant
