"""The collective redundancy rule at its edges (Trade Union and Labour Relations (Consolidation)
Act 1992, sections 188 and 193): 19 and 20 people, 99 and 100, two proposals 89, 90 and 91 days
apart, every proposal at the establishment counted, the HR1 deadline, the earliest first
dismissal (an HR1 sent after consultation began moves it later) and the warning. Pure functions:
no database."""

from __future__ import annotations

import datetime

import pytest

from childtrust.workforce.selectors import consultation_law as law
from childtrust.workforce.selectors.consultation_law import Proposal

D = datetime.date


MARCH_2 = D(2026, 3, 2)


def _target(redundancies: int, day: D | None = MARCH_2) -> Proposal:
    return Proposal(key=1, title="Ours", redundancies=redundancies, first_dismissal_on=day)


def _assess(target: Proposal, others: list[Proposal] = [], **dates: D | None) -> law.Assessment:  # noqa: B006
    return law.assess(
        target=target,
        others=others,
        agency="Northgate Council",
        consultation_starts_on=dates.get("consultation_starts_on"),
        hr1_notified_on=dates.get("hr1_notified_on"),
        today=dates.get("today"),
    )


@pytest.mark.parametrize(
    ("people", "duty", "days"),
    [(0, False, None), (1, False, None), (19, False, None), (20, True, 30), (21, True, 30),
     (99, True, 30), (100, True, 45), (250, True, 45)],
)  # fmt: skip
def test_the_duty_and_its_minimum_at_each_edge(people: int, duty: bool, days: int | None) -> None:
    assert law.collective_duty_applies(people) is (people >= 20)
    assessment = _assess(_target(people))
    assert assessment.duty is duty
    assert assessment.minimum_days == days
    assert law.minimum_consultation_days(people) == days


def test_nineteen_people_are_consulted_individually_only() -> None:
    assessment = _assess(_target(19), consultation_starts_on=D(2026, 2, 1))
    assert assessment.duty_words.startswith("The collective duty does not apply: 19 redundancies")
    assert "fewer than 20" in assessment.duty_words
    assert "consulted individually" in assessment.duty_words
    assert assessment.earliest_on is None
    assert assessment.hr1_deadline_on is None
    assert assessment.warning is None
    assert assessment.hr1_words == "No notification to the Secretary of State is needed."


def test_twenty_people_need_thirty_days_and_an_hr1_thirty_days_before() -> None:
    # First dismissal 2 March 2026; 30 days before is 31 January 2026.
    assessment = _assess(
        _target(20), consultation_starts_on=D(2026, 1, 31), hr1_notified_on=D(2026, 1, 31)
    )
    assert assessment.duty_words.startswith(
        "The collective duty applies: 20 redundancies are proposed at Northgate Council within "
        "90 days (this restructure alone"
    )
    assert "at least 30 days before the first dismissal" in assessment.duty_words
    assert "sections 188 and 193 of the Trade Union and Labour Relations" in assessment.duty_words
    assert assessment.hr1_deadline_on == D(2026, 1, 31)
    assert assessment.earliest_on == D(2026, 3, 2)
    assert assessment.warning is None
    assert assessment.hr1_late is False


def test_one_hundred_people_need_forty_five_days() -> None:
    assessment = _assess(
        _target(100), consultation_starts_on=D(2026, 1, 15), hr1_notified_on=D(2026, 1, 10)
    )
    assert assessment.minimum_days == 45
    # 15 January + 45 days = 1 March; the HR1 (10 January + 45 = 24 February) is not later.
    assert assessment.earliest_on == D(2026, 3, 1)
    assert assessment.hr1_deadline_on == D(2026, 1, 16)  # 2 March less 45 days
    assert "100 or more" in assessment.duty_words
    assert "at least 45 days" in assessment.duty_words


def test_ninety_nine_people_need_thirty_days() -> None:
    assessment = _assess(
        _target(99), consultation_starts_on=D(2026, 1, 15), hr1_notified_on=D(2026, 1, 10)
    )
    assert assessment.minimum_days == 30
    assert assessment.earliest_on == D(2026, 2, 14)


@pytest.mark.parametrize(
    ("apart", "within"), [(0, True), (1, True), (88, True), (89, True), (90, False), (91, False)]
)
def test_two_days_lie_within_one_ninety_day_period_up_to_89_days_apart(
    apart: int, within: bool
) -> None:
    first = D(2026, 1, 1)
    second = first + datetime.timedelta(days=apart)
    assert law.within_one_period(first, second) is within
    assert law.within_one_period(second, first) is within


@pytest.mark.parametrize(("apart", "counted"), [(89, 20), (90, 10), (91, 10)])
def test_two_proposals_of_ten_are_counted_together_only_within_89_days(
    apart: int, counted: int
) -> None:
    # 1 January and 31 March 2026 are 89 days apart: one 90-day period (1 January to 31 March,
    # both counted) holds both. 1 April (90 apart) and 2 April (91 apart) fall outside it.
    ours = _target(10, D(2026, 1, 1))
    theirs = Proposal(2, "Theirs", 10, D(2026, 1, 1) + datetime.timedelta(days=apart))
    assessment = _assess(ours, [theirs])
    assert assessment.period.total == counted
    assert assessment.duty is (counted >= 20)
    # The same seen from the other proposal.
    assert law.period_count(theirs, [ours]).total == counted


def test_the_period_at_89_days_names_the_other_proposal_and_its_dates() -> None:
    ours = _target(10, D(2026, 3, 31))
    theirs = Proposal(2, "Youth service review", 10, D(2026, 1, 1))
    assessment = _assess(ours, [theirs])
    assert assessment.period.starts_on == D(2026, 1, 1)
    assert assessment.period.ends_on == D(2026, 3, 31)
    assert [p.key for p in assessment.period.proposals] == [1, 2]
    assert (
        "(10 redundancies in this restructure and “Youth service review” (10 redundancies), "
        "with first dismissals from 1 January 2026 to 31 March 2026)" in assessment.duty_words
    )


def test_the_best_period_around_the_date_is_counted_not_every_proposal_within_90_days() -> None:
    # Ours on 1 March. One of 6 on 1 January (59 days before) and one of 8 on 28 April (58
    # after) are each within 90 days of ours, but 117 days apart from each other: no period
    # holds all three. The best holds ours and the larger: 5 + 8 = 13.
    ours = _target(5, D(2026, 3, 1))
    before = Proposal(2, "Before", 6, D(2026, 1, 1))
    after = Proposal(3, "After", 8, D(2026, 4, 28))
    assert law.period_count(ours, [before, after]).total == 13
    # A fourth of 7 on 20 March: the period from 1 January (to 31 March) holds 6 + 5 + 7 = 18,
    # the period from 1 March (to 29 May) 5 + 7 + 8 = 20.
    middle = Proposal(4, "Middle", 7, D(2026, 3, 20))
    count = law.period_count(ours, [before, after, middle])
    assert count.total == 20
    assert (count.starts_on, count.ends_on) == (D(2026, 3, 1), D(2026, 5, 29))


def test_many_small_proposals_add_up_to_the_duty() -> None:
    ours = _target(4, D(2026, 6, 1))
    others = [
        Proposal(k, f"P{k}", 4, D(2026, 6, 1) + datetime.timedelta(days=20 * (k - 1)))
        for k in range(2, 7)
    ]
    # Ours (1 June) and those of 21 June, 11 July, 31 July and 20 August lie in the period
    # 1 June to 29 August: 5 x 4 = 20. The one of 9 September is outside.
    assert law.period_count(ours, others).total == 20


def test_a_proposal_without_a_date_counts_only_on_its_own() -> None:
    ours = _target(15, None)
    theirs = Proposal(2, "Theirs", 10, D(2026, 1, 1))
    assessment = _assess(ours, [theirs])
    assert assessment.period.total == 15
    assert assessment.duty is False
    assert "planned first dismissal date is not set" in assessment.duty_words
    # And an undated proposal is not counted in another's period.
    assert law.period_count(theirs, [ours]).total == 10


def test_a_restructure_proposing_no_redundancies_has_no_duty_even_beside_others() -> None:
    ours = _target(0, D(2026, 1, 1))
    theirs = Proposal(2, "Theirs", 30, D(2026, 1, 2))
    assessment = _assess(ours, [theirs])
    assert assessment.duty is False
    assert "proposes no redundancies" in assessment.duty_words


def test_the_earliest_first_dismissal_is_later_when_hr1_is_sent_after_consultation_starts() -> None:
    # Consultation from 1 February 2026; HR1 sent on 10 February: 10 February + 30 = 12 March,
    # later than 1 February + 30 = 3 March.
    assessment = _assess(
        _target(25, D(2026, 3, 5)),
        consultation_starts_on=D(2026, 2, 1),
        hr1_notified_on=D(2026, 2, 10),
    )
    assert assessment.earliest_on == D(2026, 3, 12)
    assert assessment.earliest_words == (
        "The first dismissal may take effect on 12 March 2026 at the earliest: 30 days after "
        "the HR1 notification on 10 February 2026."
    )
    assert assessment.too_early_by == 7
    assert assessment.warning == (
        "The planned first dismissal on 5 March 2026 is 7 days earlier than the law allows: it "
        "may take effect on 12 March 2026 at the earliest (sections 188 and 193 of the Trade "
        "Union and Labour Relations (Consolidation) Act 1992)."
    )
    # HR1 deadline 5 March less 30 days = 3 February: sent 7 days late.
    assert assessment.hr1_deadline_on == D(2026, 2, 3)
    assert assessment.hr1_late is True
    assert "7 days late" in assessment.hr1_words


def test_the_earliest_first_dismissal_on_the_day_itself_is_lawful() -> None:
    assessment = _assess(
        _target(25, D(2026, 3, 3)),
        consultation_starts_on=D(2026, 2, 1),
        hr1_notified_on=D(2026, 1, 20),
    )
    assert assessment.earliest_on == D(2026, 3, 3)
    assert assessment.too_early_by is None
    assert assessment.warning is None
    assert "30 days after consultation's start on 1 February 2026" in assessment.earliest_words
    # One day earlier is one day too early.
    earlier = _assess(
        _target(25, D(2026, 3, 2)),
        consultation_starts_on=D(2026, 2, 1),
        hr1_notified_on=D(2026, 1, 20),
    )
    assert earlier.too_early_by == 1
    assert earlier.warning is not None
    assert "is 1 day earlier" in earlier.warning


def test_what_has_not_happened_yet_is_counted_from_today() -> None:
    today = D(2026, 2, 10)
    assessment = _assess(_target(25, D(2026, 3, 1)), today=today)
    assert assessment.earliest_on == D(2026, 3, 12)
    assert "today, as consultation has not started and the HR1 notification is not recorded" in (
        assessment.earliest_words
    )
    assert assessment.too_early_by == 11
    # Without today (a restructure that is over), the earliest day is not known.
    assert _assess(_target(25, D(2026, 3, 1))).earliest_on is None


def test_without_a_planned_date_the_hr1_deadline_is_explained_not_dated() -> None:
    assessment = _assess(_target(30, None), consultation_starts_on=D(2026, 2, 1))
    assert assessment.duty is True  # 30 in this restructure alone
    assert assessment.hr1_deadline_on is None
    assert "set the planned first dismissal date" in assessment.hr1_words
    assert assessment.earliest_on is None  # the HR1 is not recorded and no today was given


@pytest.mark.parametrize(
    ("planned", "minimum", "deadline"),
    [(D(2026, 3, 2), 30, D(2026, 1, 31)), (D(2026, 3, 2), 45, D(2026, 1, 16)),
     (D(2024, 3, 30), 30, D(2024, 2, 29))],
)  # fmt: skip
def test_the_hr1_deadline_is_the_same_number_of_days_before(
    planned: D, minimum: int, deadline: D
) -> None:
    assert law.hr1_deadline(planned, minimum) == deadline
