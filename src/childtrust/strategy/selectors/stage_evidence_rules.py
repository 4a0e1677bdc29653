"""The rules behind the evidence shown beside each of Kotter's stages: pure functions from facts
the other apps hold to one finding in words, each with the rule stated as the page shows it.
They read nothing: selectors/stage_evidence.py gathers the facts and calls them, so that each
rule can be tested with facts that make it say something different."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from childtrust.strategy.models import KotterStage
from childtrust.strategy.wording import day_words

# How far back "recent" looks for the pace of milestones done (acceleration).
PACE_DAYS = 90
# How many recent messages the reach evidence averages over, and board meetings for attendance.
RECENT_MESSAGES = 5
RECENT_MEETINGS = 3


@dataclass(frozen=True)
class EvidencePiece:
    """One finding and the rule it was worked out by."""

    finding: str
    rule: str


@dataclass(frozen=True)
class StageEvidence:
    stage: KotterStage
    pieces: tuple[EvidencePiece, ...]

    @property
    def label(self) -> str:
        return KotterStage(self.stage).label


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _names(names: Sequence[str], *, limit: int = 5) -> str:
    shown = list(names[:limit])
    more = len(names) - len(shown)
    text = "; ".join(shown)
    return f"{text}; and {more} more" if more else text


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


# --- 1. Urgency ---------------------------------------------------------------------------------


def urgency_indicators_worse(worse: Sequence[str], compared: int) -> EvidencePiece:
    rule = (
        "Counted from the partnership's outcome profile: indicators whose latest value for the "
        "partnership's local authority is worse than England's at 95% confidence."
    )
    if compared == 0:
        return EvidencePiece("No indicators have been compared with England yet.", rule)
    if not worse:
        return EvidencePiece(
            f"None of the {_plural(compared, 'indicator')} compared is worse than England.", rule
        )
    return EvidencePiece(
        f"{len(worse)} of {_plural(compared, 'indicator')} compared "
        f"{'is' if len(worse) == 1 else 'are'} worse than England: {_names(worse)}.",
        rule,
    )


# --- 2. Guiding coalition -----------------------------------------------------------------------


def coalition_agencies_committed(committed: Sequence[str], agencies: int) -> EvidencePiece:
    rule = (
        "Counted from the outcomes framework: agencies that have committed to at least one of "
        "its priorities, out of every agency in the partnership."
    )
    if agencies == 0:
        return EvidencePiece("No agencies are recorded in the partnership yet.", rule)
    return EvidencePiece(
        f"{len(committed)} of {_plural(agencies, 'agency', 'agencies')} "
        f"({_percent(len(committed), agencies)}) "
        f"{'has' if len(committed) == 1 else 'have'} committed to the outcomes framework.",
        rule,
    )


@dataclass(frozen=True)
class MeetingAttendance:
    title: str
    held_on: datetime.date
    present: int  # staff on the directory recorded as present


def coalition_board_attendance(meetings: Sequence[MeetingAttendance]) -> EvidencePiece:
    rule = (
        f"From the board's record: the members on the staff directory present at each of its "
        f"last {RECENT_MEETINGS} meetings held (guests and councillors not on the directory "
        "are not counted)."
    )
    if not meetings:
        return EvidencePiece("The board has not met yet.", rule)
    parts = [f"{_plural(m.present, 'member')} on {day_words(m.held_on)}" for m in meetings]
    return EvidencePiece(f"Present at the board: {'; '.join(parts)}.", rule)


# --- 3. Vision and strategy ---------------------------------------------------------------------


def vision_adoption(
    version: int | None, adopted_on: datetime.date | None, adopted_by: str
) -> EvidencePiece:
    rule = "From the shared vision: the version in force, when and by whom it was adopted."
    if version is None or adopted_on is None:
        return EvidencePiece("The partnership has not adopted a shared vision yet.", rule)
    by = f" by {adopted_by}" if adopted_by else ""
    return EvidencePiece(
        f"Version {version} of the vision was adopted on {day_words(adopted_on)}{by}.", rule
    )


def vision_alignment_gaps(gaps: Sequence[str], priorities: int) -> EvidencePiece:
    rule = (
        "From the alignment matrix: priorities of the outcomes framework that no agency has "
        "committed to (gaps)."
    )
    if priorities == 0:
        return EvidencePiece("The outcomes framework has no priorities yet.", rule)
    if not gaps:
        return EvidencePiece(
            f"Every one of the {_plural(priorities, 'priority', 'priorities')} has at least one "
            "agency committed to it.",
            rule,
        )
    return EvidencePiece(
        f"{len(gaps)} of {_plural(priorities, 'priority', 'priorities')} "
        f"{'has' if len(gaps) == 1 else 'have'} no agency committed: {_names(gaps)}.",
        rule,
    )


# --- 4. Enlist staff ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageReach:
    title: str
    recipients: int
    understood: int  # confirmed they understood it


def enlist_message_reach(messages: Sequence[MessageReach]) -> EvidencePiece:
    rule = (
        f"From the staff messages: of the people each of the last {RECENT_MESSAGES} published "
        "messages went to, the share who confirmed they understood it (messages with no "
        "recipients are left out)."
    )
    counted = [m for m in messages if m.recipients]
    if not counted:
        return EvidencePiece("No message has been cascaded to staff yet.", rule)
    recipients = sum(m.recipients for m in counted)
    understood = sum(m.understood for m in counted)
    each = "; ".join(f"{m.title}: {_percent(m.understood, m.recipients)}" for m in counted)
    return EvidencePiece(
        f"{_percent(understood, recipients)} of recipients confirmed they understood the last "
        f"{_plural(len(counted), 'message')} ({each}).",
        rule,
    )


@dataclass(frozen=True)
class SurveyRoundScores:
    survey: str
    round_label: str
    closed_on: datetime.date
    shown: bool  # False: below the minimum group size, so its results are not shown
    clarity: int | None  # percent agreeing
    involvement: int | None


def enlist_survey_scores(rounds: Sequence[SurveyRoundScores]) -> EvidencePiece:
    """`rounds`: each survey's latest closed round, newest first."""
    rule = (
        "From the staff survey: in the latest closed round whose results are shown, the share "
        "agreeing with the statements on clarity of the vision and on involvement in the "
        "change. A round with fewer responses than the minimum group size is not shown, to "
        "keep answers anonymous, and is left out here."
    )
    if not rounds:
        return EvidencePiece("No staff survey round has closed yet.", rule)
    shown = [r for r in rounds if r.shown]
    hidden = [r for r in rounds if not r.shown]
    note = ""
    if hidden:
        left_out = _names([f"{r.survey}, {r.round_label}" for r in hidden])
        note = f" Left out as too few answered: {left_out}."
    if not shown:
        return EvidencePiece(f"No closed round has enough responses to show.{note}", rule)
    latest = shown[0]
    scores = [
        f"{name} {value}% agree"
        for name, value in (("clarity", latest.clarity), ("involvement", latest.involvement))
        if value is not None
    ]
    said = "; ".join(scores) if scores else "neither clarity nor involvement was asked"
    closed = day_words(latest.closed_on)
    return EvidencePiece(
        f"{latest.survey}, {latest.round_label} (closed {closed}): {said}.{note}", rule
    )


# --- 5. Remove barriers -------------------------------------------------------------------------


def barriers_feedback(responded: int, within_target: int, open_past_target: int) -> EvidencePiece:
    rule = (
        "From the staff feedback loop: of the feedback answered, the share answered by its "
        "target date; and the open feedback already past its target date."
    )
    verb = "is past its" if open_past_target == 1 else "are past their"
    past = f"{_plural(open_past_target, 'piece')} of open feedback {verb} target date."
    if responded == 0:
        return EvidencePiece(f"No feedback has been answered yet; {past}", rule)
    return EvidencePiece(
        f"{within_target} of {responded} pieces of feedback answered "
        f"({_percent(within_target, responded)}) were answered on time; {past}",
        rule,
    )


# --- 6. Short-term wins -------------------------------------------------------------------------


def wins_milestones_done(done: int, total: int) -> EvidencePiece:
    rule = "From the plan: milestones marked done, out of every milestone not dropped."
    if total == 0:
        return EvidencePiece("The plan has no milestones yet.", rule)
    return EvidencePiece(
        f"{done} of {_plural(total, 'milestone')} ({_percent(done, total)}) "
        f"{'is' if done == 1 else 'are'} done.",
        rule,
    )


def wins_measures_improving(improving: Sequence[str], measured: int) -> EvidencePiece:
    rule = (
        "From the plan's measures: those whose latest actual is better than their baseline in "
        "the direction that is better, out of those with an actual."
    )
    if measured == 0:
        return EvidencePiece("No measure has an actual figure yet.", rule)
    return EvidencePiece(
        f"{len(improving)} of {_plural(measured, 'measure')} with an actual "
        f"{'is' if len(improving) == 1 else 'are'} improving on its baseline"
        + (f": {_names(improving)}." if improving else "."),
        rule,
    )


# --- 7. Sustain acceleration --------------------------------------------------------------------


def acceleration_objectives_on_track(on_track: int, total: int) -> EvidencePiece:
    rule = (
        "From the plan's ratings, as the plan page gives them: objectives rated “On track”, "
        "with no open milestone off track, overdue or at risk, no measure off trajectory and "
        "no latest check-in with a confidence of 1 or 2 out of 5."
    )
    if total == 0:
        return EvidencePiece("The plan has no objectives yet.", rule)
    return EvidencePiece(
        f"{on_track} of {_plural(total, 'objective')} {'is' if on_track == 1 else 'are'} on track.",
        rule,
    )


def acceleration_pace(last: int, before: int) -> EvidencePiece:
    rule = (
        f"From the plan's milestone history: milestones marked done in the last {PACE_DAYS} "
        f"days, against the {PACE_DAYS} days before."
    )
    if last > before:
        trend = "faster than"
    elif last < before:
        trend = "slower than"
    else:
        trend = "the same pace as"
    return EvidencePiece(
        f"{_plural(last, 'milestone')} done in the last {PACE_DAYS} days, against {before} in "
        f"the {PACE_DAYS} days before: {trend} before.",
        rule,
    )


# --- 8. Institute change ------------------------------------------------------------------------


def institute_record(
    versions: int, decisions: int, repeating_surveys: Sequence[str]
) -> EvidencePiece:
    rule = (
        "From the plan, the decision log and the staff surveys: versions of the plan adopted, "
        "decisions recorded as decided, and surveys run in more than one round (so that change "
        "can be followed over time)."
    )
    surveys = (
        f"{len(repeating_surveys)} survey{'s' if len(repeating_surveys) != 1 else ''} repeated "
        f"({_names(repeating_surveys)})"
        if repeating_surveys
        else "no survey repeated yet"
    )
    return EvidencePiece(
        f"{_plural(versions, 'version')} of the plan adopted; {_plural(decisions, 'decision')} "
        f"recorded as decided; {surveys}.",
        rule,
    )
