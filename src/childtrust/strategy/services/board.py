"""Writes to the partnership board's record: meetings, their agenda items, and the actions agreed
and their progress (the minutes are in services/minutes.py). Once a meeting's minutes are
approved at a later meeting its record is locked: its details, agenda and actions cannot
change, though an action's progress is still reported, and a meeting's date cannot move from
under decisions recorded as decided at it. Strategic leads and administrators keep the record
(can_manage_strategy); an action's owner in post also reports its progress
(can_update_board_action). Each service checks the acting user first, then the input, refusing
with every message at once before anything is written, then writes with one audit event. The
board's record is published to the partnership: names of members and owners appear in it as in
the minutes, so changes are kept from and to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import audit_value, save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.resources.models import AllocationRun, Appraisal
from childtrust.strategy import access
from childtrust.strategy.models import (
    ActionStatus,
    AgendaItem,
    AgendaSubject,
    BoardAction,
    BoardMeeting,
    DecisionStatus,
    Minutes,
    MinutesStatus,
    Objective,
    Risk,
)
from childtrust.strategy.models.board import AGENDA_SUBJECT_FIELDS
from childtrust.strategy.selectors.board import record_locked_message
from childtrust.strategy.wording import day_words, refuse_if_any, tidy
from childtrust.voice.models import SurveyRound

# How each subject is named in the message refusing an item about it without its choice.
SUBJECT_WORDS = {
    AgendaSubject.OBJECTIVE: "the objective",
    AgendaSubject.RISK: "the risk",
    AgendaSubject.APPRAISAL: "the appraisal",
    AgendaSubject.ALLOCATION_RUN: "the allocation run",
    AgendaSubject.SURVEY_ROUND: "the survey round",
}


def _lines(value: str) -> str:
    """One name a line, each tidied, blank lines dropped."""
    return "\n".join(line for line in (tidy(row) for row in value.splitlines()) if line)


def _refuse_if_minutes_approved(meeting: BoardMeeting) -> None:
    """Approved minutes lock the meeting's record: its details, agenda and actions are what the
    board agreed it said. Read under a lock, so that an approval meanwhile is seen."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("approved_at")
        .filter(meeting_id=meeting.pk, status=MinutesStatus.APPROVED)
        .first()
    )
    if minutes is not None:
        raise ValidationError(record_locked_message(minutes))


# --- Meetings -----------------------------------------------------------------------------------


def _meeting_errors(meeting: BoardMeeting, newly_present: list[StaffMember]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not meeting.title:
        errors["title"] = "Enter the meeting's title, such as “Partnership board”"
    if not meeting.chair:
        errors["chair"] = "Enter who chaired the meeting"
    left = [str(person) for person in newly_present if not person.is_active]
    if left:
        errors["present"] = f"{', '.join(left)} no longer in post: choose people who are"
    if meeting.title and (
        BoardMeeting.objects.filter(held_on=meeting.held_on, title__iexact=meeting.title)
        .exclude(pk=meeting.pk)
        .exists()
    ):
        errors["title"] = (
            f"There is already a meeting called “{meeting.title}” on {day_words(meeting.held_on)}"
        )
    if meeting.pk is not None:
        errors.update(_date_errors_against_minutes(meeting))
    return errors


def _date_errors_against_minutes(meeting: BoardMeeting) -> dict[str, str]:
    """A meeting's date cannot move to or before a meeting whose minutes it approved: minutes
    are approved at a later meeting. (A meeting whose own minutes are approved is locked.)"""
    approved = Minutes.objects.filter(approved_at=meeting).select_related("meeting")
    latest = max((m.meeting.held_on for m in approved), default=None)
    if latest is not None and meeting.held_on <= latest:
        return {
            "held_on": f"This meeting approved the minutes of the meeting of "
            f"{day_words(latest)}: its date must be after that"
        }
    return {}


def _date_errors_against_decisions(meeting: BoardMeeting, held_on: date) -> dict[str, str]:
    """A decision recorded as decided at a meeting is dated the day it met and locked: the
    meeting's date cannot move from under it."""
    if held_on == meeting.held_on:
        return {}
    decided = list(
        meeting.decisions.filter(status=DecisionStatus.DECIDED)
        .order_by("decided_on", "pk")
        .values_list("title", flat=True)
    )
    if not decided:
        return {}
    quoted = [f"“{title}”" for title in decided]
    titles = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    were = "was" if len(quoted) == 1 else "were"
    return {
        "held_on": f"The meeting's date cannot change: {titles} {were} recorded as decided at "
        f"this meeting on {day_words(meeting.held_on)} and {'is' if were == 'was' else 'are'} "
        "locked"
    }


def _people(people: Iterable[StaffMember]) -> list[dict[str, object]]:
    return [audit_value(person) for person in sorted(people, key=lambda p: p.pk)]


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    title: str,
    held_on: date,
    chair: str,
    location: str = "",
    present: Iterable[StaffMember] = (),
    others_present: str = "",
) -> BoardMeeting:
    """Record a meeting of the partnership board: when and where, who chaired it, the members
    present from the staff directory (in post) and others present (one a line)."""
    require(access.can_manage_strategy(actor), to="record a meeting of the partnership board")
    present = list(present)
    meeting = BoardMeeting(
        title=tidy(title),
        held_on=held_on,
        chair=tidy(chair),
        location=tidy(location),
        others_present=_lines(others_present),
    )
    refuse_if_any(_meeting_errors(meeting, present))
    save_and_record(
        actor=actor,
        instance=meeting,
        action=AuditAction.CREATE,
        details={
            "title": meeting.title,
            "held_on": held_on.isoformat(),
            "chair": meeting.chair,
            "location": meeting.location,
            "present": _people(present),
            "others_present": meeting.others_present,
        },
    )
    meeting.present.set(present)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: BoardMeeting,
    title: str,
    held_on: date,
    chair: str,
    location: str = "",
    present: Iterable[StaffMember] = (),
    others_present: str = "",
) -> BoardMeeting:
    """Change a meeting's details. Those recorded as present who have since left stay recorded
    (they were there; the form offers only people in post); anyone added must be in post. Once
    the minutes are approved the meeting is locked; its date cannot move from under decisions
    recorded as decided at it."""
    require(access.can_manage_strategy(actor), to="change a meeting of the partnership board")
    _refuse_if_minutes_approved(meeting)
    date_errors = _date_errors_against_decisions(meeting, held_on)
    chosen = list(present)
    before = list(meeting.present.all())
    kept = [person for person in before if not person.is_active]
    everyone = {person.pk: person for person in [*chosen, *kept]}
    added = [person for pk, person in everyone.items() if pk not in {p.pk for p in before}]
    also = ["present"] if set(everyone) != {p.pk for p in before} else []
    update_and_record(
        actor=actor,
        instance=meeting,
        changes={
            "title": tidy(title),
            "held_on": held_on,
            "chair": tidy(chair),
            "location": tidy(location),
            "others_present": _lines(others_present),
        },
        allowed=("title", "held_on", "chair", "location", "others_present"),
        errors=lambda: {**_meeting_errors(meeting, added), **date_errors},
        also_changed=also,
    )
    if also:
        meeting.present.set(everyone.values())
    return meeting


# --- Agenda items -------------------------------------------------------------------------------


def _agenda_links(
    subject: str,
    *,
    objective: Objective | None,
    risk: Risk | None,
    appraisal: Appraisal | None,
    allocation_run: AllocationRun | None,
    survey_round: SurveyRound | None,
) -> tuple[dict[str, object], dict[str, str]]:
    """The item's link fields, only the chosen subject's kept (the others emptied, as a form
    sends every choice), and the message if the subject's choice is missing."""
    given: dict[str, object] = {
        "objective": objective,
        "risk": risk,
        "appraisal": appraisal,
        "allocation_run": allocation_run,
        "survey_round": survey_round,
    }
    errors: dict[str, str] = {}
    if subject not in AgendaSubject.values:
        errors["subject"] = "Choose what the item is about"
        return dict.fromkeys(given), errors
    field = AGENDA_SUBJECT_FIELDS.get(AgendaSubject(subject))
    links = {name: (value if name == field else None) for name, value in given.items()}
    if field is not None and links[field] is None:
        errors[field] = f"Choose {SUBJECT_WORDS[AgendaSubject(subject)]} this item is about"
    return links, errors


def _agenda_errors(item: AgendaItem, link_errors: dict[str, str]) -> dict[str, str]:
    errors = dict(link_errors)
    if not item.title:
        errors["title"] = "Enter the agenda item's title"
    return errors


def _subject_details(item: AgendaItem) -> dict[str, object]:
    field = AGENDA_SUBJECT_FIELDS.get(AgendaSubject(item.subject))
    return {
        "subject": item.subject,
        "about": audit_value(getattr(item, field)) if field else None,
    }


@transaction.atomic
def agenda_item_create(
    *,
    actor: User,
    meeting: BoardMeeting,
    title: str,
    subject: str = AgendaSubject.NONE,
    objective: Objective | None = None,
    risk: Risk | None = None,
    appraisal: Appraisal | None = None,
    allocation_run: AllocationRun | None = None,
    survey_round: SurveyRound | None = None,
    notes: str = "",
) -> AgendaItem:
    """Add an item to the end of a meeting's agenda, about one thing (an objective, a risk, an
    appraisal, an allocation run or a survey round) or about nothing in particular."""
    require(access.can_manage_strategy(actor), to="add to the partnership board's agenda")
    _refuse_if_minutes_approved(meeting)
    links, link_errors = _agenda_links(
        subject,
        objective=objective,
        risk=risk,
        appraisal=appraisal,
        allocation_run=allocation_run,
        survey_round=survey_round,
    )
    # Lock the meeting's items so that two additions cannot take the same position.
    positions = list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting)
        .values_list("position", flat=True)
    )
    item = AgendaItem(
        meeting=meeting,
        position=max(positions, default=0) + 1,
        title=tidy(title),
        subject=subject if not link_errors.get("subject") else AgendaSubject.NONE,
        notes=notes.strip(),
        **links,
    )
    refuse_if_any(_agenda_errors(item, link_errors))
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=item,
        details={
            "meeting": meeting.pk,
            "position": item.position,
            "title": item.title,
            **_subject_details(item),
        },
    )
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: User,
    item: AgendaItem,
    title: str,
    subject: str = AgendaSubject.NONE,
    objective: Objective | None = None,
    risk: Risk | None = None,
    appraisal: Appraisal | None = None,
    allocation_run: AllocationRun | None = None,
    survey_round: SurveyRound | None = None,
    notes: str = "",
) -> AgendaItem:
    """Change an agenda item's title, what it is about, or its notes."""
    require(access.can_manage_strategy(actor), to="change the partnership board's agenda")
    _refuse_if_minutes_approved(item.meeting)
    links, link_errors = _agenda_links(
        subject,
        objective=objective,
        risk=risk,
        appraisal=appraisal,
        allocation_run=allocation_run,
        survey_round=survey_round,
    )
    title, notes = tidy(title), notes.strip()
    errors = _agenda_errors(AgendaItem(title=title), link_errors)
    refuse_if_any(errors)
    before = {
        "title": item.title,
        "notes": item.notes,
        **_subject_details(item),
    }
    changed = [
        name
        for name, value in {"title": title, "notes": notes, "subject": subject, **links}.items()
        if getattr(item, name) != value
    ]
    if not changed:
        return item
    item.title, item.notes, item.subject = title, notes, subject
    for name, value in links.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=item,
        details={
            "changed": sorted(changed),
            "from": before,
            "to": {"title": item.title, "notes": item.notes, **_subject_details(item)},
        },
    )
    return item


# --- Actions ------------------------------------------------------------------------------------


def _action_errors(action: BoardAction) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not action.description:
        errors["description"] = "Enter what is to be done"
    if not action.owner.is_active:
        errors["owner"] = f"{action.owner} is no longer in post: choose someone who is"
    if action.due_on < action.meeting.held_on:
        errors["due_on"] = (
            f"The due date must be on or after the meeting, {day_words(action.meeting.held_on)}"
        )
    if action.agenda_item is not None and action.agenda_item.meeting_id != action.meeting_id:
        errors["agenda_item"] = "Choose an item on this meeting's agenda"
    return errors


@transaction.atomic
def board_action_create(
    *,
    actor: User,
    meeting: BoardMeeting,
    description: str,
    owner: StaffMember,
    due_on: date,
    agenda_item: AgendaItem | None = None,
) -> BoardAction:
    """Record an action the board agreed at a meeting: what, who (in post), and by when (on or
    after the meeting); it starts open."""
    require(access.can_manage_strategy(actor), to="record an action of the partnership board")
    _refuse_if_minutes_approved(meeting)
    action = BoardAction(
        meeting=meeting,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        agenda_item=agenda_item,
    )
    refuse_if_any(_action_errors(action))
    save_and_record(
        actor=actor,
        instance=action,
        action=AuditAction.CREATE,
        details={
            "meeting": meeting.pk,
            "description": action.description,
            "owner": audit_value(owner),
            "due_on": due_on.isoformat(),
            "agenda_item": agenda_item.pk if agenda_item else None,
        },
    )
    return action


@transaction.atomic
def board_action_update(
    *,
    actor: User,
    action: BoardAction,
    status: str,
    done_on: date | None = None,
    update: str = "",
) -> BoardAction:
    """Report an action's progress: its status and the latest word on it. Done records the day
    it was done (today unless given; not in the future, nor before the meeting that set it);
    reopened, the day is cleared. Its owner in post or the board's keepers report it."""
    require(
        access.can_update_board_action(actor, action),
        to="update this action of the partnership board",
    )
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if status not in ActionStatus.values:
        errors["status"] = "Choose whether the action is open or done"
    if status == ActionStatus.DONE:
        done_on = done_on or action.done_on or today
        if done_on > today:
            errors["done_on"] = "The date it was done must be today or in the past"
        elif done_on < action.meeting.held_on:
            errors["done_on"] = (
                f"The date it was done must be on or after the meeting that set it, "
                f"{day_words(action.meeting.held_on)}"
            )
    else:
        done_on = None
    refuse_if_any(errors)
    update_and_record(
        actor=actor,
        instance=action,
        changes={"status": status, "done_on": done_on, "update": update.strip()},
        allowed=("status", "done_on", "update"),
        errors=dict,
    )
    return action
