"""The merged chronology as a selector and its access rules: every kind of entry in time order
(newest first, or oldest first), who may read it at all (those working with the child and break
glass; 403 without a relationship, 404 for a shielded child), a restricted concern redacted per
reader, sensitive involvements as the child's page shows them, each filter, a merged child's
records, and a number of queries that does not grow with the entries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import Child, Sensitivity
from childtrust.safeguarding.access import chronology_child_for
from childtrust.safeguarding.selectors.chronology import (
    Chronology,
    ChronologyFilter,
    EntryKind,
    chronology_for,
)
from tests.children.factories import (
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    staff_user,
)
from tests.factories import StaffMemberFactory, TeamFactory
from tests.safeguarding.factories_chronology import (
    ChronoAlertFactory,
    ChronoConcernFactory,
    ChronoMemberFactory,
    ChronoReferralFactory,
    ChronoTeamFactory,
    History,
    at,
    full_history,
    on,
)

pytestmark = pytest.mark.django_db

RESTRICTED_DETAIL = "Disclosed in confidence to the domestic abuse unit."


def _read(user: User, child: Child, filters: ChronologyFilter | None = None) -> Chronology:
    view = chronology_child_for(user, child.reference, purpose="Test")
    return chronology_for(user, view, filters)


def _titles(chronology: Chronology) -> list[str]:
    return [entry.title for entry in chronology.entries]


def _involved(role: Role, child: Child, **staff: object) -> User:
    user = staff_user(role, **staff)
    InvolvementFactory(child=child, practitioner=user.staff_member)
    return user


# --- Every kind, in order ------------------------------------------------------------------------


def test_every_kind_of_record_is_an_entry_newest_first() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    chronology = _read(user, history.child)
    kinds = {entry.kind for entry in chronology.entries}
    assert kinds == set(EntryKind)
    titles = _titles(chronology)
    # The same day, newest first: the plan the conference made, then the conference.
    assert titles[:2] == [
        "Child protection plan started: Neglect",
        "Initial child protection conference: child protection plan",
    ]
    assert "involved: Class teacher" in titles[-1]
    for expected in (
        "Neglect concern, medium severity",
        "Domestic abuse concern, medium severity (restricted to its agency)",
        "Referral received from Dana Whitfield",
        "Screened: Red rating",
        "Information asked of Harbour Primary School",
        "Harbour Primary School answered",
        "Decision: Child protection enquiry (section 47) with a strategy discussion",
        "Dana Whitfield told the outcome",
        "Child in need assessment started by Sam Okoro",
        "Child in need assessment completed",
        "Strategy discussion held: an initial conference to follow",
        "Team around the child reviewed",
        "Stepped up to children's social care",
    ):
        assert expected in titles, expected
    days = [entry.day for entry in chronology.entries]
    assert days == sorted(days, reverse=True)


def test_oldest_first_reverses_the_order_and_a_day_without_a_time_starts_it() -> None:
    child = ChildFactory()
    ChronoConcernFactory(child=child, occurred_at=at(5, 9), summary="Morning")
    ChronoConcernFactory(child=child, occurred_at=at(5, 16), summary="Afternoon")
    ChronoTeamFactory(child=child, started_on=on(5))
    user = staff_user(Role.FRONT_DOOR)
    oldest = _read(user, child, ChronologyFilter(oldest_first=True)).entries
    assert [e.detail for e in oldest if e.kind == EntryKind.CONCERN] == ["Morning", "Afternoon"]
    assert oldest[0].kind == EntryKind.TEAM  # known by its day only: the day's start
    newest = _read(user, child).entries
    assert [e.detail for e in newest if e.kind == EntryKind.CONCERN] == ["Afternoon", "Morning"]
    assert newest[-1].kind == EntryKind.TEAM
    assert newest[0].when == "5 November 2026 at 4:00pm"
    assert newest[-1].when == "5 November 2026"


def test_significance_is_flagged_with_a_word() -> None:
    history = full_history()
    chronology = _read(staff_user(Role.FRONT_DOOR), history.child)
    words = {entry.title: entry.significance for entry in chronology.entries}
    assert words["Neglect concern, medium severity"] == "Significant"
    assert words["Screened: Red rating"] == "Red"
    assert words["Stepped up to children's social care"] == "Stepped up"
    assert words["Child protection plan started: Neglect"] == "Child protection plan"
    assert words["Child in need assessment completed"] == ""
    assert any(w == "Section 47" for w in words.values())


# --- Who may read it ---------------------------------------------------------------------------


def test_a_practitioner_without_a_relationship_is_refused() -> None:
    child = full_history().child
    with pytest.raises(PermissionDenied):
        _read(staff_user(Role.PRACTITIONER), child)


def test_a_shielded_child_is_not_found_without_a_relationship() -> None:
    child = ShieldedChildFactory()
    with pytest.raises(Http404):
        _read(staff_user(Role.FRONT_DOOR), child)


def test_roles_without_children_are_refused_as_if_there_were_no_child() -> None:
    child = full_history().child
    with pytest.raises(Http404):
        _read(staff_user(Role.FINANCE_OFFICER), child)


def test_one_audit_event_per_look_and_none_for_a_refusal() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    _read(user, history.child)
    events = AuditEvent.objects.filter(object_type="children.child", actor=user)
    assert events.count() == 1
    event = events.get()
    assert event.action == AuditAction.VIEW
    assert event.details["chronology"] is True
    assert event.details["relationship"] == "front_door"
    stranger = staff_user(Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        _read(stranger, history.child)
    assert not AuditEvent.objects.filter(actor=stranger).exists()


# --- A restricted concern, per reader -----------------------------------------------------------


def _restricted_entry(user: User, history: History) -> tuple[str, str, bool]:
    entry = next(
        e
        for e in _read(user, history.child).entries
        if e.kind == EntryKind.CONCERN and e.agency_ids == {history.police.pk}
    )
    return entry.title, entry.detail, entry.restricted


def test_the_front_door_reads_a_restricted_concern() -> None:
    history = full_history()
    _title, detail, restricted = _restricted_entry(staff_user(Role.FRONT_DOOR), history)
    assert detail == RESTRICTED_DETAIL
    assert not restricted


def test_the_recording_agency_reads_its_restricted_concern() -> None:
    history = full_history()
    user = _involved(Role.PRACTITIONER, history.child, agency=history.police)
    title, detail, _restricted = _restricted_entry(user, history)
    assert detail == RESTRICTED_DETAIL
    assert title.startswith("Domestic abuse concern")


def test_another_involved_practitioner_sees_only_whom_to_contact() -> None:
    history = full_history()
    user = _involved(Role.PRACTITIONER, history.child, agency=history.school)
    title, detail, restricted = _restricted_entry(user, history)
    assert title == "Restricted by City Police: contact mash@police.example.org"
    assert detail == ""
    assert restricted


def test_a_team_manager_through_an_involved_team_member_sees_it_restricted() -> None:
    history = full_history()
    team = TeamFactory()
    manager = staff_user(Role.TEAM_MANAGER, team=team)
    InvolvementFactory(child=history.child, practitioner=StaffMemberFactory(team=team))
    _title, detail, restricted = _restricted_entry(manager, history)
    assert restricted
    assert detail == ""
    assert AuditEvent.objects.get(actor=manager).details["relationship"] == "team"


def test_break_glass_opens_a_shielded_childs_chronology_restricted_concerns_still_redacted() -> (
    None
):
    child = ShieldedChildFactory()
    history = full_history(child)
    manager = staff_user(Role.TEAM_MANAGER)
    glass = BreakGlassFactory(child=child, user=manager)
    _title, _detail, restricted = _restricted_entry(manager, history)
    assert restricted
    event = AuditEvent.objects.get(actor=manager)
    assert event.details["relationship"] == "break_glass"
    assert event.details["break_glass"] == glass.pk


def test_a_sensitive_involvement_is_left_out_for_another_agency() -> None:
    child = ChildFactory()
    clinic = StaffMemberFactory()
    InvolvementFactory(
        child=child,
        practitioner=clinic,
        role="Sexual health nurse",
        sensitivity=Sensitivity.SEXUAL_HEALTH,
    )
    other = _involved(Role.PRACTITIONER, child)
    assert not any("Sexual health nurse" in t for t in _titles(_read(other, child)))
    own = _involved(Role.PRACTITIONER, child, agency=clinic.agency)
    assert any("Sexual health nurse" in t for t in _titles(_read(own, child)))


# --- Filters -------------------------------------------------------------------------------------


def test_each_filter_narrows_the_entries() -> None:
    history = full_history()
    user = staff_user(Role.FRONT_DOOR)
    everything = _read(user, history.child)
    assert everything.total == len(everything.entries)

    police = _read(user, history.child, ChronologyFilter(agency=history.police.pk)).entries
    assert police
    assert all(history.police.pk in e.agency_ids for e in police)
    assert {e.kind for e in police} == {EntryKind.CONCERN, EntryKind.STRATEGY, EntryKind.ALERT}

    alerts = _read(user, history.child, ChronologyFilter(kind=EntryKind.ALERT)).entries
    assert [e.title.split(":")[0] for e in alerts] == ["Alert acknowledged", "Red alert raised"]

    significant = _read(user, history.child, ChronologyFilter(significant_only=True)).entries
    assert significant
    assert all(e.significant for e in significant)
    assert len(significant) < everything.total

    window = ChronologyFilter(date_from=on(3), date_to=on(4))
    between = _read(user, history.child, window).entries
    assert {e.day for e in between} == {on(3), on(4)}
    assert len(between) == 6  # received, screened, asked, answered, decided, told

    assert (history.police.pk, "City Police") in everything.agencies


def test_a_merged_childs_records_follow_it() -> None:
    keep = ChildFactory()
    merged = ChildFactory(merged_into=keep)
    ChronoConcernFactory(child=merged, summary="Recorded before the merge")
    chronology = _read(staff_user(Role.FRONT_DOOR), keep)
    assert [e.detail for e in chronology.entries] == ["Recorded before the merge"]


# --- Speed -------------------------------------------------------------------------------------


def _many(child: Child, count: int) -> None:
    for n in range(count):
        ChronoConcernFactory(child=child, occurred_at=at(1 + n % 28, 9 + n % 8))
    referral = ChronoReferralFactory(child=child, screened_at=at(3, 11))
    alert = ChronoAlertFactory(child=child)
    alert.concerns.set(child.concerns.all()[:5])
    team = ChronoTeamFactory(child=child, started_on=on(1), ended_on=on(2))
    for _ in range(3):
        ChronoMemberFactory(team=team)
    assert referral.pk


def test_the_number_of_queries_does_not_grow_with_the_entries(
    django_assert_max_num_queries: object,
) -> None:
    small, large = full_history(), full_history(suffix=" 2")
    _many(small.child, 5)
    _many(large.child, 200)
    user = staff_user(Role.FRONT_DOOR)
    _read(user, small.child)  # the staff record and the like, read once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        _read(user, small.child)
    with CaptureQueriesContext(connection) as many:
        chronology = _read(user, large.child)
    assert chronology.total > 220
    assert len(many) == len(few)
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        _read(user, large.child)
