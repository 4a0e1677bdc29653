"""The rules behind the evidence beside each of Kotter's stages: each with facts that make it
say something different, and its rule stated."""

from __future__ import annotations

import datetime

from childtrust.strategy.selectors import stage_evidence_rules as rules

DAY = datetime.date(2026, 11, 3)


def test_urgency_counts_and_names_indicators_worse_than_england() -> None:
    assert rules.urgency_indicators_worse([], 0).finding == (
        "No indicators have been compared with England yet."
    )
    assert rules.urgency_indicators_worse([], 4).finding == (
        "None of the 4 indicators compared is worse than England."
    )
    piece = rules.urgency_indicators_worse(["Tooth extraction", "Obesity"], 9)
    assert piece.finding == (
        "2 of 9 indicators compared are worse than England: Tooth extraction; Obesity."
    )
    assert "worse than England's at 95% confidence" in piece.rule


def test_urgency_names_five_and_counts_the_rest() -> None:
    names = [f"Indicator {n}" for n in range(7)]
    assert rules.urgency_indicators_worse(names, 10).finding.endswith(
        "Indicator 3; Indicator 4; and 2 more."
    )


def test_coalition_share_of_agencies_committed() -> None:
    assert rules.coalition_agencies_committed([], 0).finding.startswith("No agencies")
    assert rules.coalition_agencies_committed(["Council"], 4).finding == (
        "1 of 4 agencies (25%) has committed to the outcomes framework."
    )
    assert rules.coalition_agencies_committed(["A", "B", "C"], 3).finding == (
        "3 of 3 agencies (100%) have committed to the outcomes framework."
    )


def test_coalition_board_attendance() -> None:
    assert rules.coalition_board_attendance([]).finding == "The board has not met yet."
    piece = rules.coalition_board_attendance(
        [
            rules.MeetingAttendance("Board", DAY, 7),
            rules.MeetingAttendance("Board", DAY - datetime.timedelta(days=56), 1),
        ]
    )
    assert piece.finding == (
        "Present at the board: 7 members on 3 November 2026; 1 member on 8 September 2026."
    )


def test_vision_adoption_and_gaps() -> None:
    assert rules.vision_adoption(None, None, "").finding.startswith("The partnership has not")
    assert rules.vision_adoption(2, DAY, "the Children's Trust Board").finding == (
        "Version 2 of the vision was adopted on 3 November 2026 by the Children's Trust Board."
    )
    assert rules.vision_alignment_gaps([], 0).finding == (
        "The outcomes framework has no priorities yet."
    )
    assert rules.vision_alignment_gaps([], 12).finding.startswith("Every one of the 12")
    assert rules.vision_alignment_gaps(["Oral health"], 12).finding == (
        "1 of 12 priorities has no agency committed: Oral health."
    )


def test_enlist_reach_adds_up_confirmations_over_recent_messages() -> None:
    assert rules.enlist_message_reach([]).finding.startswith("No message")
    assert rules.enlist_message_reach([rules.MessageReach("Draft", 0, 0)]).finding.startswith(
        "No message"
    )
    piece = rules.enlist_message_reach(
        [rules.MessageReach("Plan launch", 100, 80), rules.MessageReach("Budget", 100, 40)]
    )
    assert piece.finding == (
        "60% of recipients confirmed they understood the last 2 messages "
        "(Plan launch: 80%; Budget: 40%)."
    )


def _round(shown: bool, closed: datetime.date, clarity: int | None = 61) -> rules.SurveyRoundScores:
    return rules.SurveyRoundScores(
        survey="Staff pulse",
        round_label="round 3" if not shown else "round 2",
        closed_on=closed,
        shown=shown,
        clarity=clarity if shown else None,
        involvement=44 if shown else None,
    )


def test_enlist_survey_uses_the_latest_shown_round_and_says_what_it_left_out() -> None:
    assert rules.enlist_survey_scores([]).finding == "No staff survey round has closed yet."
    hidden_only = rules.enlist_survey_scores([_round(False, DAY)])
    assert hidden_only.finding == (
        "No closed round has enough responses to show. "
        "Left out as too few answered: Staff pulse, round 3."
    )
    piece = rules.enlist_survey_scores(
        [_round(False, DAY), _round(True, DAY - datetime.timedelta(days=90))]
    )
    assert piece.finding == (
        "Staff pulse, round 2 (closed 5 August 2026): clarity 61% agree; involvement 44% "
        "agree. Left out as too few answered: Staff pulse, round 3."
    )
    assert "minimum group size" in piece.rule


def test_barriers_share_answered_on_time_and_past_target() -> None:
    assert rules.barriers_feedback(0, 0, 1).finding == (
        "No feedback has been answered yet; 1 piece of open feedback is past its target date."
    )
    assert rules.barriers_feedback(8, 6, 0).finding == (
        "6 of 8 pieces of feedback answered (75%) were answered on time; "
        "0 pieces of open feedback are past their target date."
    )


def test_wins_milestones_done_and_measures_improving() -> None:
    assert rules.wins_milestones_done(0, 0).finding == "The plan has no milestones yet."
    assert rules.wins_milestones_done(3, 12).finding == "3 of 12 milestones (25%) are done."
    assert rules.wins_measures_improving([], 0).finding.startswith("No measure")
    assert rules.wins_measures_improving(["Admissions"], 2).finding == (
        "1 of 2 measures with an actual is improving on its baseline: Admissions."
    )
    assert rules.wins_measures_improving([], 2).finding.endswith("baseline.")


def test_acceleration_on_track_and_pace() -> None:
    assert rules.acceleration_objectives_on_track(0, 0).finding.startswith("The plan has no")
    assert rules.acceleration_objectives_on_track(4, 5).finding == "4 of 5 objectives are on track."
    assert rules.acceleration_pace(5, 2).finding.endswith("faster than before.")
    assert rules.acceleration_pace(1, 2).finding.endswith("slower than before.")
    assert rules.acceleration_pace(2, 2).finding.endswith("the same pace as before.")


def test_institute_counts_versions_decisions_and_repeated_surveys() -> None:
    assert rules.institute_record(0, 0, []).finding == (
        "0 versions of the plan adopted; 0 decisions recorded as decided; no survey repeated yet."
    )
    assert rules.institute_record(1, 3, ["Staff pulse"]).finding == (
        "1 version of the plan adopted; 3 decisions recorded as decided; "
        "1 survey repeated (Staff pulse)."
    )
