"""Feedback selectors: who owns what, time left to respond, response times and reach."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from childtrust.partnership import models as p
from childtrust.voice.models import FeedbackReach
from childtrust.voice.selectors.feedback import (
    feedback_agency_head,
    feedback_partnership_agency,
    feedback_published,
    feedback_raised_by,
    feedback_reach_by_response,
    feedback_response_times,
    feedback_to_answer,
)
from tests.factories import (
    AgencyFactory,
    AnsweredFeedbackFactory,
    FeedbackFactory,
    PublishedFeedbackFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db

THURSDAY_BEFORE_EASTER = datetime.date(2025, 4, 17)


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), timezone.get_current_timezone())


def test_the_head_of_an_agency_is_its_active_member_of_staff_with_no_manager() -> None:
    agency = AgencyFactory()
    head = StaffMemberFactory(agency=agency)
    StaffMemberFactory(agency=agency, manager=head)
    StaffMemberFactory(agency=agency, is_active=False)
    assert feedback_agency_head(agency) == head


def test_the_partnership_agency_is_the_local_authority() -> None:
    AgencyFactory(kind=p.AgencyKind.HEALTH)
    council = AgencyFactory(kind=p.AgencyKind.LOCAL_AUTHORITY)
    assert feedback_partnership_agency() == council


def test_feedback_to_answer_counts_working_days_left_and_over() -> None:
    owner = StaffMemberFactory()
    due_soon = FeedbackFactory(owner=owner, respond_by=datetime.date(2025, 4, 24))
    overdue = FeedbackFactory(owner=owner, respond_by=datetime.date(2025, 4, 14))
    due_today = FeedbackFactory(owner=owner, respond_by=THURSDAY_BEFORE_EASTER)
    AnsweredFeedbackFactory(owner=owner)
    FeedbackFactory()  # someone else's

    due = feedback_to_answer(owner, today=THURSDAY_BEFORE_EASTER)

    assert [d.feedback for d in due] == [overdue, due_today, due_soon]
    # 14 April to 17 April: Tuesday, Wednesday, Thursday.
    assert (due[0].working_days_left, due[0].past_target, due[0].working_days_over) == (-3, True, 3)
    assert (due[1].working_days_left, due[1].past_target) == (0, False)
    # Good Friday and Easter Monday do not count: 22, 23 and 24 April.
    assert (due[2].working_days_left, due[2].working_days_over) == (3, 0)


def test_feedback_raised_by_lists_only_the_persons_named_feedback() -> None:
    person = StaffMemberFactory()
    older = FeedbackFactory(raised_by=person, raised_on=datetime.date(2025, 1, 6))
    newer = AnsweredFeedbackFactory(raised_by=person, raised_on=datetime.date(2025, 2, 3))
    FeedbackFactory(raised_by=None)
    assert feedback_raised_by(person) == [newer, older]


def test_response_times_take_the_median_in_working_days_and_the_share_within_target() -> None:
    raised = THURSDAY_BEFORE_EASTER
    respond_by = datetime.date(2025, 5, 6)
    for answered_on in (
        datetime.date(2025, 4, 22),  # 1 working day (Good Friday and Easter Monday skipped)
        datetime.date(2025, 4, 25),  # 4
        datetime.date(2025, 5, 6),  # 10: on the target day, so within it
        datetime.date(2025, 5, 8),  # 12: late
    ):
        AnsweredFeedbackFactory(
            raised_on=raised, respond_by=respond_by, responded_at=_noon(answered_on)
        )
    FeedbackFactory(respond_by=datetime.date(2025, 5, 9))  # open, not yet due
    late = FeedbackFactory(respond_by=datetime.date(2025, 5, 7))

    times = feedback_response_times(today=datetime.date(2025, 5, 9))

    assert times.responded == 4
    assert times.median_working_days == 7  # halfway between 4 and 10
    assert times.within_target == 3
    assert times.share_within_target == 75
    assert times.open_count == 2
    assert [d.feedback for d in times.open_past_target] == [late]
    assert times.open_past_target[0].working_days_over == 2


def test_response_times_with_nothing_answered_have_no_median_or_share() -> None:
    FeedbackFactory()
    times = feedback_response_times()
    assert (times.responded, times.median_working_days, times.share_within_target) == (
        0,
        None,
        None,
    )


def test_published_responses_carry_how_many_staff_read_them() -> None:
    read_twice = PublishedFeedbackFactory()
    unread = PublishedFeedbackFactory()
    AnsweredFeedbackFactory()  # answered, not published
    for reader in StaffMemberFactory.create_batch(2):
        FeedbackReach.objects.create(feedback=read_twice, staff=reader, read_at=timezone.now())
    StaffMemberFactory(is_active=False)

    counts = {f.pk: f.reach_count for f in feedback_published()}
    rows = {row.feedback.pk: row for row in feedback_reach_by_response()}

    assert counts == {read_twice.pk: 2, unread.pk: 0}
    active_staff = p.StaffMember.objects.filter(is_active=True).count()
    assert rows[read_twice.pk].staff == active_staff
    assert rows[read_twice.pk].share == pytest.approx(100 * 2 / active_staff)
    assert rows[unread.pk].reached == 0
