"""The demo partnership board as `childtrust load_demo` leaves it: three meetings in 2026 with the
agency heads present, agendas linked to what they are about, actions done, open and overdue
(owned by the demo accounts' staff among others), minutes approved at the next meeting (the last
a draft), the eight stages rated at each meeting, and its pages."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.partnership.selectors.staff import staff_record_with_username
from childtrust.strategy.models import (
    AgendaSubject,
    BoardAction,
    BoardMeeting,
    MinutesStatus,
    StageRating,
)
from childtrust.strategy.selectors import board as selectors

pytestmark = pytest.mark.django_db


def _meetings() -> list[BoardMeeting]:
    return list(BoardMeeting.objects.order_by("held_on"))


def test_three_meetings_in_2026_with_members_present_and_agendas() -> None:
    meetings = _meetings()
    assert [m.held_on.month for m in meetings] == [6, 9, 11]
    assert all(m.held_on.year == 2026 for m in meetings)
    for meeting in meetings:
        assert "lead member for children's services" in meeting.chair
        assert meeting.present.count() >= 3
        assert meeting.agenda.count() >= 3
    subjects = {item.subject for m in meetings for item in m.agenda.all()}
    assert {AgendaSubject.APPRAISAL, AgendaSubject.ALLOCATION_RUN} <= subjects
    assert AgendaSubject.SURVEY_ROUND in subjects


def test_minutes_approved_at_the_next_meeting_the_last_a_draft() -> None:
    june, september, november = _meetings()
    assert june.minutes.status == MinutesStatus.APPROVED
    assert june.minutes.approved_at == september
    assert september.minutes.approved_at == november
    assert november.minutes.status == MinutesStatus.DRAFT
    assert "Demonstration" in june.minutes.text


def test_actions_done_open_and_overdue_owned_by_the_demo_accounts_staff() -> None:
    today = timezone.localdate()
    actions = list(BoardAction.objects.select_related("meeting"))
    assert any(a.status == "done" for a in actions)
    overdue = [a for a in actions if selectors.action_is_overdue(a, today)]
    not_yet = [a for a in actions if a.status == "open" and a.due_on >= today]
    assert overdue
    assert not_yet
    assert all(a.due_on >= a.meeting.held_on for a in actions)
    owners = {a.owner_id for a in actions}
    for username in ("strategiclead", "teammanager"):
        record = staff_record_with_username(username)
        assert record is not None
        assert record.pk in owners


def test_the_eight_stages_are_rated_at_each_meeting_rising_over_the_year() -> None:
    assert StageRating.objects.count() == 24
    june, _, november = _meetings()
    first = sum(r.rating for r in StageRating.objects.filter(meeting=june))
    last = sum(r.rating for r in StageRating.objects.filter(meeting=november))
    assert last > first
    assert all(r.evidence for r in StageRating.objects.all())


def test_the_board_pages_show_for_the_demo_strategic_lead() -> None:
    client = Client()
    client.force_login(User.objects.get(username="strategiclead"))
    assert "Partnership board" in client.get("/plan/board/").content.decode()
    june, _, november = _meetings()
    page = client.get(f"/plan/board/meetings/{june.pk}/").content.decode()
    assert "Approved" in page
    assert "Change the draft minutes" not in page
    page = client.get(f"/plan/board/meetings/{november.pk}/").content.decode()
    assert "Change the draft minutes" in page
    tracker = client.get("/plan/board/actions/?show=overdue").content.decode()
    assert "Overdue by" in tracker
    assert selectors.meeting_latest(datetime.date(2026, 12, 31)) == november
