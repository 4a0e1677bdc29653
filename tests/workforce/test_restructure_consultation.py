"""Each person's consultation: meetings recorded by workforce managers, the person's own
responses (while consultation is open, never written into the audit log) and the answers; and
the reads of it (workforce/access.py's `*_for_user` functions): who sees which people's lines
and each person's page, each read audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.workforce import access
from childtrust.workforce import models as w
from childtrust.workforce.services import consultation
from tests.workforce.factories import AffectedPersonFactory, RestructureFactory
from tests.workforce.restructure_setup import (
    ACTORS,
    SEE_ALL,
    SEE_RESTRUCTURE,
    actor,
    build_world,
    refreshed,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# --- Meetings --------------------------------------------------------------------------------


def test_a_meeting_is_recorded_with_its_notes_kept_out_of_the_audit_log() -> None:
    world = build_world()
    meeting = consultation.consultation_meeting_record(
        actor=actor(world, "remit_in"),
        affected=world.affected,
        kind=w.MeetingKind.INDIVIDUAL,
        held_on=world.today + 2 * DAY,  # a meeting planned
        attendees=" Ann Archer,  Mia Moss ",
        notes="Ann asked about part-time posts.",
    )
    meeting = refreshed(meeting)
    assert (meeting.attendees, meeting.held_on) == ("Ann Archer, Mia Moss", world.today + 2 * DAY)
    event = AuditEvent.objects.filter(object_type="workforce.consultationmeeting").get()
    assert "part-time" not in str(event.details)


def test_a_meeting_of_no_known_kind_or_in_a_withdrawn_restructure_is_refused() -> None:
    world = build_world()
    user = actor(world, "workforce_manager")
    with pytest.raises(ValidationError) as error:
        consultation.consultation_meeting_record(
            actor=user,
            affected=world.affected,
            kind="party",
            held_on=world.today,
            attendees="x" * 301,
        )
    assert set(error.value.message_dict) == {"kind", "attendees"}
    world.restructure.status = w.RestructureStatus.WITHDRAWN
    world.restructure.save()
    with pytest.raises(ValidationError, match="was withdrawn, so no more meetings are recorded"):
        consultation.consultation_meeting_record(
            actor=user, affected=world.affected, kind=w.MeetingKind.INDIVIDUAL, held_on=world.today
        )
    assert not w.ConsultationMeeting.objects.exists()


# --- Responses and answers -------------------------------------------------------------------


def test_the_person_responds_and_the_audit_log_keeps_that_they_did_not_what() -> None:
    world = build_world()
    response = consultation.consultation_response_submit(
        actor=actor(world, "affected"), affected=world.affected, text="  I care for my mother.  "
    )
    assert refreshed(response).text == "I care for my mother."
    event = AuditEvent.objects.filter(
        object_type="workforce.consultationresponse", object_id=str(response.pk)
    ).get()
    assert event.action == AuditAction.CREATE
    assert "mother" not in str(event.details)


def test_an_empty_or_overlong_response_is_refused() -> None:
    world = build_world()
    ann = actor(world, "affected")
    with pytest.raises(ValidationError) as error:
        consultation.consultation_response_submit(actor=ann, affected=world.affected, text=" ")
    assert error.value.message_dict == {"text": ["Enter your response"]}
    with pytest.raises(ValidationError) as error:
        consultation.consultation_response_submit(
            actor=ann, affected=world.affected, text="x" * 10_001
        )
    assert error.value.message_dict == {
        "text": ["Your response must be 10,000 characters or fewer"]
    }
    assert world.affected.responses.count() == 1


def test_no_response_once_consultation_has_closed() -> None:
    world = build_world(consultation_ends_on=datetime.date(2020, 2, 28))
    world.restructure.consultation_starts_on = datetime.date(2020, 1, 6)
    world.restructure.save()
    ann = actor(world, "affected")
    with pytest.raises(ValidationError, match="The consultation closed on 28 February 2020"):
        consultation.consultation_response_submit(actor=ann, affected=world.affected, text="Late")
    world.restructure.status = w.RestructureStatus.IMPLEMENTING
    world.restructure.save()
    with pytest.raises(ValidationError, match="put in place, so the consultation is over"):
        consultation.consultation_response_submit(actor=ann, affected=world.affected, text="Late")
    assert world.affected.responses.count() == 1


def test_an_answer_is_kept_with_who_gave_it_and_kept_out_of_the_audit_log() -> None:
    world = build_world()
    user = actor(world, "remit_in")
    with pytest.raises(ValidationError) as error:
        consultation.consultation_response_answer(actor=user, response=world.response, answer="")
    assert error.value.message_dict == {"answer": ["Enter the answer"]}
    consultation.consultation_response_answer(
        actor=user, response=world.response, answer="You may apply; interviews are in May."
    )
    response = refreshed(world.response)
    assert response.answer == "You may apply; interviews are in May."
    assert response.answered_by == user
    assert response.answered_at is not None
    event = AuditEvent.objects.filter(
        object_type="workforce.consultationresponse", action=AuditAction.UPDATE
    ).get()
    assert event.details == {"changed": ["answer", "answered_at", "answered_by"]}


# --- Reads: who sees whom, audited -------------------------------------------------------------


def _views() -> int:
    return AuditEvent.objects.filter(action=AuditAction.VIEW).count()


@pytest.mark.parametrize("kind", ACTORS)
def test_a_persons_page_is_read_by_the_person_and_those_who_see_all_within_remit(
    kind: str,
) -> None:
    world = build_world()
    w.ConsultationMeeting.objects.create(
        affected=world.affected, held_on=world.today, notes="First meeting."
    )
    user = actor(world, kind)
    before = _views()
    if kind in SEE_ALL | {"affected"}:
        line = access.affected_person_for_user(user, world.restructure, world.affected.pk)
        assert line == world.affected
        event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("sequence")
        assert (event.object_type, event.object_id) == (
            "workforce.affectedperson",
            str(world.affected.pk),
        )
        assert event.details == {
            "page": "consultation record",
            "meetings_shown": 1,
            "responses_shown": 1,
        }
        assert _views() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            access.affected_person_for_user(user, world.restructure, world.affected.pk)
        assert _views() == before


def test_a_person_of_another_restructure_is_not_found_through_this_one() -> None:
    world = build_world()
    elsewhere = AffectedPersonFactory(restructure=RestructureFactory(agency=world.agency))
    with pytest.raises(Http404):
        access.affected_person_for_user(
            actor(world, "workforce_manager"), world.restructure, elsewhere.pk
        )


@pytest.mark.parametrize("kind", ACTORS)
def test_the_people_affected_as_each_role_sees_them(kind: str) -> None:
    world = build_world()
    w.AffectedPerson.objects.create(
        restructure=world.restructure,
        staff=world.staff["bob"],
        post=world.posts["SW2"],
        proposal="Unchanged.",
    )
    user = actor(world, kind)
    before = _views()
    if kind not in SEE_RESTRUCTURE:
        with pytest.raises(PermissionDenied):
            access.affected_people_for_user(user, world.restructure)
        return
    people = access.affected_people_for_user(user, world.restructure)
    names = [str(line.staff) for line in people]
    if kind in SEE_ALL:
        assert names == ["Ann Archer", "Bob Baker"]
        assert [line.responses_made for line in people] == [1, 0]  # type: ignore[attr-defined]
    elif kind == "affected":
        assert names == ["Ann Archer"]
    else:  # their manager sees the restructure and its counts, not the people
        assert names == []
    assert _views() == before + (1 if names else 0)


def test_my_restructures_lists_only_my_own_lines_and_is_audited() -> None:
    world = build_world()
    AffectedPersonFactory(restructure=RestructureFactory(agency=world.agency))  # someone else's
    ann = actor(world, "affected")
    before = _views()
    lines = access.my_restructure_lines_for_user(ann)
    assert [line.pk for line in lines] == [world.affected.pk]
    assert _views() == before + 1
    assert access.my_restructure_lines_for_user(actor(world, "workforce_manager")) == []
