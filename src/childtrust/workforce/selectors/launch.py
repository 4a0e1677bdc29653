"""Reads for launching a restructure: whether it can be launched as it stands, who its message
and its wellbeing round would reach (counted, not named), and the message itself, which tells
the people it affects what is proposed, the timeline, how to respond and the support offered.

Launching (services/launch.py) publishes the message through the cascade to the people affected
and the nearest manager of each in post (voice's named audience), and opens a round of voice's
wellbeing check for the people affected only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format

from childtrust.voice.selectors.cascade import named_people_audience
from childtrust.voice.selectors.survey_results import survey_minimum_group_size
from childtrust.voice.survey_templates import WELLBEING_CHECK
from childtrust.workforce.models import PostChangeKind, Restructure, RestructureStatus

# Managers brief their teams on the launch message within a week, unless the launcher says
# otherwise; the wellbeing round stays open two weeks, voice's usual round.
BRIEF_WITHIN_DAYS = 7
ROUND_LENGTH_DAYS = 14
SURVEY_TEMPLATE = WELLBEING_CHECK.key
TITLE_MAX_LENGTH = 200


def restructure_for_launch(pk: int) -> Restructure | None:
    """A restructure with its agency and what launching it sent (message, round and survey)."""
    return (
        Restructure.objects.select_related("agency", "message", "survey_round__survey")
        .filter(pk=pk)
        .first()
    )


def affected_staff_ids(restructure: Restructure) -> list[int]:
    """The staff records of the people it affects, each once (a count and ids, never shown)."""
    return list(
        dict.fromkeys(restructure.affected_people.order_by("pk").values_list("staff_id", flat=True))
    )


def launch_problems(restructure: Restructure) -> list[str]:
    """Why the restructure cannot be launched as it stands (none: it can): launched once,
    while proposed, with the people it affects and the day consultation starts."""
    if restructure.launched_at is not None:
        return [
            f"This restructure was launched on {day(restructure.launched_at)}: a restructure "
            "is launched once"
        ]
    problems = []
    if restructure.status != RestructureStatus.PROPOSED:
        problems.append(
            "Only a proposed restructure can be launched: this one is "
            f"{restructure.get_status_display().lower()}"
        )
    if not restructure.affected_people.exists():
        problems.append(
            "Add the people the restructure affects before launching it: its message and its "
            "wellbeing survey are for them"
        )
    if restructure.consultation_starts_on is None:
        problems.append(
            "Set the day consultation starts before launching it: the message tells people "
            "the timeline"
        )
    return problems


@dataclass(frozen=True)
class LaunchReach:
    """Who launching would reach, counted now: the people affected (and how many of them are
    no longer in post, whom nothing reaches), their nearest managers in post who are not
    themselves affected, and the managers asked to brief someone."""

    affected: int
    affected_in_post: int
    managers: int
    briefing_managers: int

    @property
    def affected_not_in_post(self) -> int:
        return self.affected - self.affected_in_post

    @property
    def recipients(self) -> int:
        return self.affected_in_post + self.managers


def launch_reach(restructure: Restructure) -> LaunchReach:
    affected = set(affected_staff_ids(restructure))
    audience = named_people_audience(affected)
    in_post = sum(1 for member in audience if member.staff_id in affected)
    return LaunchReach(
        affected=len(affected),
        affected_in_post=in_post,
        managers=len(audience) - in_post,
        briefing_managers=len({m.manager_id for m in audience if m.manager_id is not None}),
    )


def day(value: datetime.date) -> str:
    """The one date format: 30 September 2025."""
    return date_format(value, "j F Y")


def default_brief_by(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=BRIEF_WITHIN_DAYS)


def round_closes_on(today: datetime.date) -> datetime.date:
    """The last day of a round opened today (both ends count, as voice's rounds)."""
    return today + datetime.timedelta(days=ROUND_LENGTH_DAYS - 1)


def path_to(name: str, *args: int, fallback: str) -> str:
    """A page's address by its URL name, or the address it is planned at while the page is not
    yet there (the message is text: the address is what people follow)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def restructure_page_path(restructure: Restructure) -> str:
    return path_to(
        "workforce:restructure",
        restructure.pk,
        fallback=f"/workforce/restructures/{restructure.pk}/",
    )


def _shortened(text: str, limit: int = TITLE_MAX_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def survey_title(restructure: Restructure) -> str:
    return _shortened(f"Wellbeing check: {restructure.title}")


@dataclass(frozen=True)
class LaunchMessage:
    title: str
    body: str


def _timeline(restructure: Restructure) -> str:
    starts = restructure.consultation_starts_on
    lines = [
        f"Consultation starts on {day(starts)}"
        + (
            f" and ends on {day(restructure.consultation_ends_on)}."
            if restructure.consultation_ends_on
            else "."
        )
        if starts
        else "The day consultation starts is not set yet."
    ]
    if restructure.decision_on:
        lines.append(f"A decision is planned for {day(restructure.decision_on)}.")
    if restructure.first_dismissal_on:
        lines.append(
            "No one's post would end before "
            f"{day(restructure.first_dismissal_on)}, and only after consultation."
        )
    return " ".join(lines)


def _posts(restructure: Restructure) -> str:
    counts = {kind: 0 for kind in PostChangeKind.values}
    for kind in restructure.post_changes.values_list("kind", flat=True):
        counts[kind] += 1
    words = [
        f"{counts[kind]} {'post' if counts[kind] == 1 else 'posts'} {verb}"
        for kind, verb in (
            (PostChangeKind.DELETE, "deleted"),
            (PostChangeKind.CREATE, "created"),
            (PostChangeKind.CHANGE, "changed"),
        )
        if counts[kind]
    ]
    return f"It proposes {', '.join(words)}." if words else ""


DEFAULT_HOW_TO_RESPOND = (
    "Tell us what you think at your consultation meetings or on your page, where every response "
    "is recorded and answered. You may bring a trade union representative or a colleague to "
    "your meetings."
)
DEFAULT_SUPPORT = (
    "Redeployment: you will be considered for suitable posts before anyone else. The employee "
    "assistance programme offers free, confidential support at any time. Talk to your manager."
)


def launch_message(restructure: Restructure) -> LaunchMessage:
    """The cascade message that launching publishes: one text for everyone it reaches (the
    people affected and their managers), linking the page where each person affected finds
    what is proposed for their own post, their meetings and how to respond."""
    mine = path_to("workforce:my_restructures", fallback="/workforce/my-restructures/")
    paragraphs = [
        f"{restructure.agency.name} proposes a restructure that affects your post, or the post "
        "of someone you manage. Nothing has been decided: we are consulting you first.",
        "What is proposed\n" + "\n".join(filter(None, [restructure.reason, _posts(restructure)])),
        "The timeline\n" + _timeline(restructure),
        "How to respond\n" + (restructure.how_to_respond or DEFAULT_HOW_TO_RESPOND),
        "Support offered\n" + (restructure.support_offered or DEFAULT_SUPPORT),
        "Your page\nIf your post is affected, your own page shows what is proposed for your "
        "post, the timeline, your consultation meetings and how to respond. Open it from "
        f"Your restructures: {mine}\nManagers find the whole proposal at "
        f"{restructure_page_path(restructure)}",
        "How are you?\nThose affected are asked a few short questions about how they are, in "
        "a wellbeing check on the Surveys page. Answers are kept without names, and results "
        f"are shown only for groups of {survey_minimum_group_size()} or more.",
    ]
    return LaunchMessage(
        title=_shortened(f"Proposed restructure: {restructure.title}"),
        body="\n\n".join(paragraphs),
    )
