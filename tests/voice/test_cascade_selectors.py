"""Cascade selectors: reach down a four-level tree, the arithmetic at its edges, medians, reach
over time, stalls, and each person's messages and briefings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from childtrust.voice.models import BriefingMethod, CascadeTask, Message, Recipient
from childtrust.voice.selectors.cascade import (
    briefing_of,
    message_as_received,
    message_audience_description,
    my_briefings,
    my_messages,
)
from childtrust.voice.selectors.reach import (
    ReachRow,
    message_reach,
    messages_with_reach,
)
from childtrust.voice.services.cascade import cascade_briefing_record, message_confirm
from childtrust.voice.services.corrections import message_correct
from childtrust.voice.services.messages import message_question_answer
from tests.factories import (
    CheckQuestionFactory,
    MessageFactory,
    MessageQuestionFactory,
    StaffMemberFactory,
)
from tests.voice.cascade_helpers import Tree, build_tree, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def brief(tree: Tree, message: Message, *names: str) -> None:
    for name in names:
        cascade_briefing_record(
            actor=tree.account_of(name),
            task=tree.task_of(message, name),
            method=BriefingMethod.TEAM_MEETING,
        )


def confirm(tree: Tree, message: Message, *names: str) -> None:
    for name in names:
        message_confirm(actor=tree.account_of(name), message=message, answers=[])


def shares(rows: list[ReachRow]) -> dict[str, tuple[int, int, int]]:
    return {row.label: (row.total, row.reached, row.understood) for row in rows}


# The cascade down the tree


def test_reach_grows_level_by_level_as_each_manager_briefs(tree: Tree) -> None:
    message = publish(tree)

    def levels() -> dict[str, tuple[int, int, int]]:
        return shares(message_reach(message).by_level)

    # Published: the head of the council is briefed by the sender (Hal, who sent it, is not
    # among those it went to).
    assert levels() == {
        "Level 1": (1, 1, 0),
        "Level 2": (3, 0, 0),
        "Level 3": (3, 0, 0),
        "Level 4": (5, 0, 0),
    }
    brief(tree, message, "Hana", "Hal")
    assert levels()["Level 2"] == (3, 3, 0)
    brief(tree, message, "Mo")
    assert levels()["Level 3"] == (3, 2, 0)
    brief(tree, message, "Meg")
    assert levels()["Level 3"] == (3, 3, 0)
    brief(tree, message, "Tia", "Ted")
    assert levels()["Level 4"] == (5, 4, 0)
    brief(tree, message, "Tom")

    reach = message_reach(message)
    assert reach.overall.reached == reach.overall.total == 12
    assert reach.overall.reached_percent == "100%"


def test_a_manager_below_a_stalled_one_can_still_brief_their_own_team(tree: Tree) -> None:
    message = publish(tree)

    brief(tree, message, "Tia")  # Mo has not briefed Tia, but Tia briefs her own team

    by_level = shares(message_reach(message).by_level)
    assert by_level["Level 3"] == (3, 0, 0)
    assert by_level["Level 4"] == (5, 2, 0)


def test_confirming_reaches_someone_whose_manager_has_not_briefed(tree: Tree) -> None:
    message = publish(tree)

    confirm(tree, message, "Pam")

    reach = message_reach(message)
    assert shares(reach.by_level)["Level 4"] == (5, 1, 1)
    assert (reach.overall.reached, reach.overall.understood) == (2, 1)


def test_reach_by_agency_team_and_locality(tree: Tree) -> None:
    message = publish(tree)
    brief(tree, message, "Hana", "Mo")
    confirm(tree, message, "Sam")

    reach = message_reach(message)

    assert shares(reach.by_agency) == {"City Council": (11, 6, 1), "City Health": (1, 0, 0)}
    assert shares(reach.by_team) == {
        "Duty team": (6, 3, 0),
        "Family support team": (4, 2, 1),
        "No team": (2, 1, 0),
    }
    assert shares(reach.by_locality) == {
        "North": (6, 3, 0),
        "South": (4, 2, 1),
        "No locality": (2, 1, 0),
    }


# The arithmetic at its edges


def test_a_message_with_no_recipients_reaches_no_one_without_dividing_by_zero(
    tree: Tree,
) -> None:
    draft = MessageFactory(sender=tree.sender)

    reach = message_reach(draft)

    assert reach.overall == ReachRow("Everyone", 0, 0, 0)
    assert reach.overall.reached_share == 0.0
    assert reach.overall.reached_percent == "No one"
    assert reach.by_level == []
    assert reach.over_time == []
    assert reach.stalls == []


def test_everyone_reached_and_understood_is_one_hundred_percent(tree: Tree) -> None:
    message = publish(tree, levels=[1])

    confirm(tree, message, "Hana")

    overall = message_reach(message).overall
    assert (overall.reached_share, overall.understood_share) == (1.0, 1.0)
    assert (overall.reached_percent, overall.understood_percent) == ("100%", "100%")


def test_a_correction_resets_understood_but_keeps_who_was_briefed(tree: Tree) -> None:
    message = publish(tree)
    brief(tree, message, "Hana")
    confirm(tree, message, "Hana", "Mo", "Pat")
    before = message_reach(message).overall
    assert (before.reached, before.understood) == (4, 3)

    message_correct(actor=tree.user, message=message, title="One front door, from May", note="May.")

    after = message_reach(message).overall
    # Pat was reached only by confirming, so no longer counts; Hana and Mo were briefed.
    assert (after.reached, after.understood) == (3, 0)


def test_shares_are_rounded_to_whole_percents() -> None:
    row = ReachRow("Level 2", total=3, reached=2, understood=1)

    assert (row.reached_percent, row.understood_percent) == ("67%", "33%")
    assert row.unreached == 1


# Time to reach


def set_times(message: Message, **hours_after: float) -> None:
    """Moves publication back two days and sets when each named person was reached."""
    published = timezone.now() - timedelta(days=2)
    Message.objects.filter(pk=message.pk).update(
        published_at=published, version_published_at=published
    )
    message.refresh_from_db()
    Recipient.objects.filter(message=message, briefed_at__isnull=False).update(briefed_at=published)
    for name, hours in hours_after.items():
        Recipient.objects.filter(message=message, staff__given_name=name).update(
            briefed_at=published + timedelta(hours=hours)
        )


def test_median_time_to_reach_each_level_is_the_middle_of_those_reached(tree: Tree) -> None:
    message = publish(tree)
    set_times(message, Mo=2, Meg=4, Vic=30, Tia=5, Pat=10, Pip=20, Pam=30, Sam=40)

    by_level = {row.key: row for row in message_reach(message).by_level}

    assert by_level[1].median_hours == 0  # briefed by the sender at publication
    assert by_level[2].median_hours == 4  # 2, 4, 30
    assert by_level[3].median_hours == 5  # only Tia reached
    assert by_level[4].median_hours == 25  # 10, 20, 30, 40: between the middle two
    assert by_level[4].median_text == "25 hours"


def test_the_earlier_of_briefed_and_confirmed_is_when_someone_was_reached(tree: Tree) -> None:
    message = publish(tree)
    set_times(message, Pat=50)
    Recipient.objects.filter(message=message, staff=tree["Pat"]).update(
        understood_at=message.published_at + timedelta(hours=3)  # type: ignore[operator]
    )

    by_level = {row.key: row for row in message_reach(message).by_level}

    assert by_level[4].median_hours == 3


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (None, "Not yet reached"),
        (0.5, "Under an hour"),
        (1, "1 hour"),
        (47, "47 hours"),
        (60, "2.5 days"),
    ],
)
def test_median_time_is_said_in_hours_then_days(hours: float | None, text: str) -> None:
    assert ReachRow("Level 2", 1, 1, 0, median_hours=hours).median_text == text


def test_reach_over_time_is_the_share_reached_so_far_at_the_end_of_each_day(tree: Tree) -> None:
    message = publish(tree)
    set_times(message, Mo=26, Meg=27, Tia=50)
    first_day = timezone.localdate(message.published_at)

    days = message_reach(message, today=first_day + timedelta(days=3)).over_time

    assert [d.day_number for d in days] == [0, 1, 2, 3]
    assert days[0].day == first_day
    so_far = [d.reached_so_far for d in days]
    assert so_far[0] >= 1
    assert so_far[-1] == 4
    assert sum(d.reached_that_day for d in days) == 4
    assert days[-1].share == pytest.approx(4 / 12)
    assert days[-1].percent == "33%"


def test_days_follow_the_local_clock_when_the_clocks_go_back(tree: Tree) -> None:
    message = publish(tree, levels=[1, 2])
    london = ZoneInfo("Europe/London")
    # British Summer Time ends at 02:00 on Sunday 25 October 2026.
    published = datetime(2026, 10, 24, 10, 0, tzinfo=london)
    Message.objects.filter(pk=message.pk).update(
        published_at=published, version_published_at=published
    )
    message.refresh_from_db()
    Recipient.objects.filter(message=message, level=1).update(briefed_at=published)
    reached = {
        "Mo": datetime(2026, 10, 25, 23, 30, tzinfo=london),  # Sunday night: day 1
        "Meg": datetime(2026, 10, 26, 0, 30, tzinfo=london),  # just after midnight: day 2
    }
    for name, when in reached.items():
        Recipient.objects.filter(message=message, staff=tree[name]).update(briefed_at=when)

    days = message_reach(message, today=date(2026, 10, 26)).over_time

    assert [(d.day, d.reached_that_day) for d in days] == [
        (date(2026, 10, 24), 1),
        (date(2026, 10, 25), 1),
        (date(2026, 10, 26), 1),
    ]


# Where the cascade stalls


def test_stalls_are_managers_past_the_date_who_have_not_briefed_and_whom_they_leave(
    tree: Tree,
) -> None:
    message = publish(tree)
    brief(tree, message, "Hana", "Hal", "Mo", "Tia")
    confirm(tree, message, "Sue")
    after_the_date = message.brief_by + timedelta(days=7)

    stalls = message_reach(message, today=after_the_date).stalls

    assert [s.manager.given_name for s in stalls] == ["Ted", "Tom", "Meg"]  # by family name
    left = {s.manager.given_name: [p.given_name for p in s.unreached] for s in stalls}
    assert left == {"Meg": ["Ted"], "Ted": ["Sam"], "Tom": ["Pam"]}  # Sue confirmed herself
    assert all(s.working_days_late >= 4 for s in stalls)


def test_nothing_has_stalled_before_the_date(tree: Tree) -> None:
    message = publish(tree)

    assert message_reach(message, today=message.brief_by).stalls == []


# Cost


def test_reach_costs_the_same_few_queries_however_many_recipients(
    tree: Tree, django_assert_max_num_queries: Callable[[int], Any]
) -> None:
    for index in range(30):
        StaffMemberFactory(agency=tree.council, manager=tree["Tom" if index % 2 else "Ted"])
    message = publish(tree)
    MessageQuestionFactory(message=message, asked_by=tree["Pat"])
    MessageQuestionFactory(message=message, asked_by=tree["Sam"])
    late = message.brief_by + timedelta(days=10)

    with django_assert_max_num_queries(6):
        reach = message_reach(message, today=late)
        [person.full_name for stall in reach.stalls for person in stall.unreached]
        [(q.asked_by.full_name, q.answered_by) for q in reach.questions]

    assert reach.overall.total == 42
    assert len(reach.stalls) == 7


# Lists


def test_the_message_list_gives_each_message_its_reach_drafts_first(tree: Tree) -> None:
    older = publish(tree, title="Older")
    brief(tree, older, "Hana")
    MessageQuestionFactory(message=older, asked_by=tree["Pat"])
    newer = publish(tree, title="Newer")
    MessageFactory(sender=tree.sender, title="Draft")
    CascadeTask.objects.filter(message=newer, manager=tree["Mo"]).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )

    rows = {
        m.title: (
            m.recipient_count,
            m.reached_count,
            m.understood_count,
            m.stalled_count,
            m.unanswered_count,
        )  # type: ignore[attr-defined]
        for m in messages_with_reach()
    }

    assert list(rows) == ["Draft", "Newer", "Older"]
    assert rows["Older"] == (12, 3, 0, 0, 1)
    assert rows["Newer"] == (12, 1, 0, 1, 0)
    assert rows["Draft"] == (0, 0, 0, 0, 0)


def test_my_messages_say_what_i_must_still_confirm(tree: Tree) -> None:
    read = publish(tree, title="Read")
    changed = publish(tree, title="Changed")
    publish(tree, title="New")
    publish(tree, title="Not for Pat", levels=[1])
    MessageFactory(sender=tree.sender, title="Draft")
    confirm(tree, read, "Pat")
    confirm(tree, changed, "Pat")
    message_correct(actor=tree.user, message=changed, body="Changed.", note="Changed.")

    items = {item.message.title: item.status[0] for item in my_messages(tree["Pat"])}

    assert items == {
        "Changed": "Corrected: confirm again",
        "New": "To read and confirm",
        "Read": "Understood",
    }


def test_a_received_message_shows_answered_questions_to_all_and_waiting_ones_to_the_asker(
    tree: Tree,
) -> None:
    message = publish(tree)
    CheckQuestionFactory(message=message)
    mine = MessageQuestionFactory(message=message, asked_by=tree["Pat"], text="Mine?")
    MessageQuestionFactory(message=message, asked_by=tree["Sam"], text="Sam's?")
    answered = MessageQuestionFactory(message=message, asked_by=tree["Sam"], text="Answered?")
    message_question_answer(actor=tree.user, question=answered, answer="Yes.")

    detail = message_as_received(message, tree["Pat"])

    assert [q.text for q in detail.answered_questions] == ["Answered?"]
    assert detail.my_waiting_questions == [mine]
    assert len(detail.check_questions) == 1
    assert not detail.tried_this_version


def test_a_briefing_lists_the_managers_direct_reports_only(tree: Tree) -> None:
    message = publish(tree)

    briefing = briefing_of(tree.task_of(message, "Tia"))

    assert [person.staff.given_name for person in briefing.people] == ["Pat", "Pip"]


def test_my_briefings_show_tasks_to_do_done_and_escalated_to_me(tree: Tree) -> None:
    first = publish(tree, title="First")
    second = publish(tree, title="Second")
    brief(tree, second, "Mo")
    confirm(tree, first, "Tia")
    CascadeTask.objects.filter(message=first, manager=tree["Tia"]).update(
        escalated_to=tree["Mo"], escalated_at=timezone.now()
    )

    briefings = my_briefings(tree["Mo"])

    assert [(t.message.title, t.people_count, t.understood_count) for t in briefings.to_do] == [  # type: ignore[attr-defined]
        ("First", 2, 1)
    ]
    assert [t.message.title for t in briefings.done] == ["Second"]
    assert [(t.manager.given_name, t.message.title) for t in briefings.escalated_to_me] == [
        ("Tia", "First")
    ]


def test_the_audience_is_described_in_words(tree: Tree) -> None:
    message = MessageFactory(sender=tree.sender, whole_partnership=False, levels=[2, 3])
    message.agencies.set([tree.health])
    message.teams.set([tree.duty])

    assert message_audience_description(message) == (
        "Agencies: City Health; Teams: Duty team (management levels 2, 3 only)"
    )
    assert message_audience_description(MessageFactory(sender=tree.sender)) == (
        "The whole partnership"
    )
