"""Writes to the partnership board's record: meetings, their agenda items, the actions agreed
and their progress, and the minutes, drafted after a meeting, approved at a later one and then
locked. Strategic leads and administrators keep the record (can_manage_strategy); an action's
owner in post also reports its progress (can_update_board_action). Each service checks the
acting user first, then the input, refusing with every message at once before anything is
written, then writes with one audit event. The board's record is published to the partnership:
names of members and owners appear in it as in the minutes, so changes are kept from and to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

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
    Minutes,
    MinutesStatus,
    Objective,
    Risk,
)
from childtrust.strategy.models.board import AGENDA_SUBJECT_FIELDS
from childtrust.voice.models import SurveyRound

# How each subject is named in the message refusing an item about it without its choice.
SUBJECT_WORDS = {
    AgendaSubject.OBJECTIVE: "the objective",
    AgendaSubject.RISK: "the risk",
    AgendaSubject.APPRAISAL: "the appraisal",
    AgendaSubject.ALLOCATION_RUN: "the allocation run",
    AgendaSubject.SURVEY_ROUND: "the survey round",
}


def _tidy(value: str) -> str:
    return " ".join(value.split())


def _lines(value: str) -> str:
    """One name a line, each tidied, blank lines dropped."""
    return "\n".join(line for line in (_tidy(row) for row in value.splitlines()) if line)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _refuse_if_any(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


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
            f"There is already a meeting called “{meeting.title}” on {_day(meeting.held_on)}"
        )
    if meeting.pk is not None:
        errors.update(_date_errors_against_minutes(meeting))
    return errors


def _date_errors_against_minutes(meeting: BoardMeeting) -> dict[str, str]:
    """A meeting's date cannot move past the meeting that approved its minutes, nor before a
    meeting whose minutes it approved: minutes are approved at a later meeting."""
    own = Minutes.objects.filter(meeting=meeting, approved_at__isnull=False).first()
    if (
        own is not None
        and own.approved_at is not None
        and (meeting.held_on >= own.approved_at.held_on)
    ):
        return {
            "held_on": f"The meeting's minutes were approved at the meeting of "
            f"{_day(own.approved_at.held_on)}: its date must be before that"
        }
    approved = (
        Minutes.objects.filter(approved_at=meeting).select_related("meeting").order_by("-meeting")
    )
    latest = max((m.meeting.held_on for m in approved), default=None)
    if latest is not None and meeting.held_on <= latest:
        return {
            "held_on": f"This meeting approved the minutes of the meeting of {_day(latest)}: "
            "its date must be after that"
        }
    return {}


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
        title=_tidy(title),
        held_on=held_on,
        chair=_tidy(chair),
        location=_tidy(location),
        others_present=_lines(others_present),
    )
    _refuse_if_any(_meeting_errors(meeting, present))
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
    (they were there; the form offers only people in post); anyone added must be in post."""
    require(access.can_manage_strategy(actor), to="change a meeting of the partnership board")
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
            "title": _tidy(title),
            "held_on": held_on,
            "chair": _tidy(chair),
            "location": _tidy(location),
            "others_present": _lines(others_present),
        },
        allowed=("title", "held_on", "chair", "location", "others_present"),
        errors=lambda: _meeting_errors(meeting, added),
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
        title=_tidy(title),
        subject=subject if not link_errors.get("subject") else AgendaSubject.NONE,
        notes=notes.strip(),
        **links,
    )
    _refuse_if_any(_agenda_errors(item, link_errors))
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
    links, link_errors = _agenda_links(
        subject,
        objective=objective,
        risk=risk,
        appraisal=appraisal,
        allocation_run=allocation_run,
        survey_round=survey_round,
    )
    title, notes = _tidy(title), notes.strip()
    errors = _agenda_errors(AgendaItem(title=title), link_errors)
    _refuse_if_any(errors)
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
            f"The due date must be on or after the meeting, {_day(action.meeting.held_on)}"
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
    action = BoardAction(
        meeting=meeting,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        agenda_item=agenda_item,
    )
    _refuse_if_any(_action_errors(action))
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
                f"{_day(action.meeting.held_on)}"
            )
    else:
        done_on = None
    _refuse_if_any(errors)
    update_and_record(
        actor=actor,
        instance=action,
        changes={"status": status, "done_on": done_on, "update": update.strip()},
        allowed=("status", "done_on", "update"),
        errors=dict,
    )
    return action


# --- Minutes ------------------------------------------------------------------------------------


def _locked(minutes: Minutes) -> ValidationError:
    at = minutes.approved_at
    when = f"the meeting of {_day(at.held_on)}" if at is not None else "a later meeting"
    return ValidationError(f"These minutes were approved at {when} and are locked")


@transaction.atomic
def minutes_save(*, actor: User, meeting: BoardMeeting, text: str) -> Minutes:
    """Draft a meeting's minutes, or change the draft. Once approved at a later meeting the
    minutes are the board's record and are locked: every change is refused."""
    require(access.can_manage_strategy(actor), to="write the partnership board's minutes")
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        raise _locked(minutes)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the minutes"})
    if minutes is None:
        minutes = Minutes(meeting=meeting, text=text)
        save_and_record(
            actor=actor,
            instance=minutes,
            action=AuditAction.CREATE,
            details={"meeting": meeting.pk, "status": minutes.status, "text": text},
        )
        return minutes
    update_and_record(
        actor=actor, instance=minutes, changes={"text": text}, allowed=("text",), errors=dict
    )
    return minutes


@transaction.atomic
def minutes_approve(*, actor: User, minutes: Minutes, at_meeting: BoardMeeting) -> Minutes:
    """Record that a later meeting (held after this one, on or before today) approved the
    minutes; from then on they are locked."""
    require(
        access.can_manage_strategy(actor),
        to="record the approval of the partnership board's minutes",
    )
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status == MinutesStatus.APPROVED:
        raise _locked(minutes)
    meeting = minutes.meeting
    if at_meeting.held_on <= meeting.held_on:
        raise ValidationError(
            {
                "at_meeting": f"Choose a meeting held after {_day(meeting.held_on)}: minutes "
                "are approved at a later meeting"
            }
        )
    if at_meeting.held_on > timezone.localdate():
        raise ValidationError(
            {"at_meeting": "Choose a meeting that has been held: today or in the past"}
        )
    update_and_record(
        actor=actor,
        instance=minutes,
        changes={
            "status": MinutesStatus.APPROVED,
            "approved_at": at_meeting,
            "approved_by": actor,
        },
        allowed=("status", "approved_at", "approved_by"),
        errors=dict,
    )
    return minutes
