"""Pulse surveys: setting them up from a template, opening rounds (by hand or on schedule) and
answering them anonymously."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice import access
from childtrust.voice.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
    SurveyTheme,
)
from childtrust.voice.selectors.surveys import (
    survey_active_staff_count,
    survey_staff_in_post_among,
)
from childtrust.voice.services import untraceable
from childtrust.voice.survey_templates import SURVEY_TEMPLATES

# Answers cannot be traced to a person. A SurveyParticipation records only that someone answered
# a round (so that they answer once) and on which day; their SurveyResponse keeps only the groups
# results are reported by (agency, level, the locality of their team), never the person or a
# time. Responses and answers are stored under random ids, so that the order of rows cannot be
# matched with the order of the participations. No audit event is written when someone answers
# (it would sit in the chain among their own events): the worker records each round's answers
# as one count a day once the day is over (survey_answer_days_record, voice.services.untraceable).

SURVEY_ROUND_MAX_DAYS = 90
SURVEY_REPEAT_MAX_DAYS = 365
SURVEY_FREE_TEXT_MAX_LENGTH = 2000
LIKERT_SCORES = range(1, 6)
CHANGE_QUESTIONS = "change a survey's questions"

SurveyAnswerInput = Mapping[int, int | str | None]


def _random_id() -> int:
    """A primary key that says nothing of when the row was written (see the section note)."""
    return secrets.randbelow(2**62) + 1


def _survey_schedule_check(*, repeat_every_days: int | None, round_length_days: int) -> None:
    errors: dict[str, str] = {}
    if not 1 <= round_length_days <= SURVEY_ROUND_MAX_DAYS:
        errors["round_length_days"] = (
            f"A round must last between 1 and {SURVEY_ROUND_MAX_DAYS} days"
        )
    if repeat_every_days is not None:
        if not 1 <= repeat_every_days <= SURVEY_REPEAT_MAX_DAYS:
            errors["repeat_every_days"] = (
                f"Repeat the survey every 1 to {SURVEY_REPEAT_MAX_DAYS} days, or leave it empty"
            )
        elif repeat_every_days < round_length_days:
            errors["repeat_every_days"] = (
                "Repeat the survey no more often than a round lasts, so that one round closes "
                "before the next opens"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_create_from_template(
    *,
    actor: User,
    template: str,
    title: str,
    repeat_every_days: int | None,
    round_length_days: int,
) -> Survey:
    """A survey with a template's questions. A repeating survey opens its next round
    `repeat_every_days` after the last one opened (see `survey_rounds_open_due`)."""
    require(access.can_manage_surveys(actor), to="set up surveys")
    source = SURVEY_TEMPLATES.get(template)
    if source is None:
        raise ValidationError({"template": "Choose a template from the list"})
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the survey"})
    _survey_schedule_check(repeat_every_days=repeat_every_days, round_length_days=round_length_days)
    survey = Survey(
        title=title.strip(),
        introduction=source.introduction,
        template=source.key,
        repeat_every_days=repeat_every_days,
        round_length_days=round_length_days,
        created_by=actor,
        modified_by=actor,
    )
    survey.full_clean()
    survey.save()
    questions = [
        SurveyQuestion(
            survey=survey,
            text=question.text,
            kind=question.kind,
            theme=question.theme or "",
            position=position,
        )
        for position, question in enumerate(source.questions, start=1)
    ]
    for question in questions:
        question.full_clean()
    SurveyQuestion.objects.bulk_create(questions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=survey,
        details={
            "template": source.key,
            "questions": len(questions),
            "repeat_every_days": repeat_every_days,
            "round_length_days": round_length_days,
        },
    )
    return survey


def _survey_locked_for_editing(survey: Survey) -> Survey:
    """The survey, locked; its questions may change only until the first round opens, so that
    every round asks the same questions and rounds can be compared."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.rounds.exists():
        raise ValidationError(
            "The questions cannot be changed once the first round has opened, so that every "
            "round asks the same questions"
        )
    return locked


def _survey_question_check(*, text: str, kind: str, theme: str) -> tuple[str, str]:
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Enter the question"
    if kind == QuestionKind.LIKERT and theme not in SurveyTheme.values:
        errors["theme"] = "Choose the theme the statement measures"
    if errors:
        raise ValidationError(errors)
    return text, theme if kind == QuestionKind.LIKERT else ""


@transaction.atomic
def survey_question_add(
    *, actor: User, survey: Survey, text: str, kind: str, theme: str = ""
) -> SurveyQuestion:
    require(access.can_manage_surveys(actor), to=CHANGE_QUESTIONS)
    survey = _survey_locked_for_editing(survey)
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "Choose the kind of question"})
    text, theme = _survey_question_check(text=text, kind=kind, theme=theme)
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = SurveyQuestion(survey=survey, text=text, kind=kind, theme=theme, position=last + 1)
    question.full_clean()
    question.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=question,
        details={"survey": survey.pk, "kind": kind, "theme": theme},
    )
    return question


@transaction.atomic
def survey_question_update(
    *, actor: User, question: SurveyQuestion, text: str, theme: str = ""
) -> SurveyQuestion:
    require(access.can_manage_surveys(actor), to=CHANGE_QUESTIONS)
    _survey_locked_for_editing(question.survey)
    text, theme = _survey_question_check(text=text, kind=question.kind, theme=theme)
    before = {"text": question.text, "theme": question.theme}
    question.text, question.theme = text, theme
    question.full_clean()
    question.save(update_fields=["text", "theme"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=question,
        details={
            "survey": question.survey_id,
            "before": before,
            "after": {"text": text, "theme": theme},
        },
    )
    return question


@transaction.atomic
def survey_question_remove(*, actor: User, question: SurveyQuestion) -> Survey:
    """Removes a question before the first round opens; returns the survey it was in."""
    require(access.can_manage_surveys(actor), to=CHANGE_QUESTIONS)
    survey = _survey_locked_for_editing(question.survey)
    statements = survey.questions.filter(kind=QuestionKind.LIKERT)
    if question.kind == QuestionKind.LIKERT and not statements.exclude(pk=question.pk).exists():
        raise ValidationError("A survey needs at least one statement to agree or disagree with")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=question,
        details={"survey": survey.pk, "text": question.text},
    )
    question.delete()
    return survey


def survey_round_open(*, actor: User, survey: Survey, today: date | None = None) -> SurveyRound:
    """Opens the survey's next round today for every active member of staff, who are counted
    as invited (the denominator of the response rate). A round stays open for the survey's
    round length, both ends included; one round at a time."""
    require(access.can_manage_surveys(actor), to="open survey rounds")
    return _survey_round_open(survey=survey, today=today or timezone.localdate(), actor=actor)


@transaction.atomic
def survey_round_open_for_staff(
    *,
    actor: User,
    survey: Survey,
    staff: Iterable[StaffMember],
    today: date | None = None,
) -> SurveyRound:
    """Opens the survey's next round today for the named people only (those a restructure
    affects): those of them still in post are invited, and counted as invited (the response
    rate's denominator); only they see it and may answer it. Its results follow the same rules
    as any round's: nothing below the minimum group, nothing that reveals a hidden group. As
    survey_round_open, one round at a time. Refuses a list naming no one, or no one in post."""
    require(access.can_manage_surveys(actor), to="open survey rounds")
    named = list(staff)
    if not named:
        raise ValidationError("Name the people the round is for: a round for no one asks no one")
    invited = survey_staff_in_post_among(named)
    if not invited:
        raise ValidationError(
            "None of the people named is still working in the partnership, so the round would "
            "ask no one"
        )
    return _survey_round_open(
        survey=survey, today=today or timezone.localdate(), actor=actor, invited_staff=invited
    )


@transaction.atomic
def _survey_round_open(
    *,
    survey: Survey,
    today: date,
    actor: User | None,
    invited_staff: list[StaffMember] | None = None,
) -> SurveyRound:
    """`actor` is None when the schedule opens the round (survey_rounds_open_due);
    `invited_staff` names the people a round for named people asks (None: everyone in post)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    latest = survey.rounds.order_by("-number").first()
    if latest is not None and latest.closes_on >= today:
        raise ValidationError(
            f"Round {latest.number} is open until {date_format(latest.closes_on, 'j F Y')}. "
            "Open the next round after it closes."
        )
    if not survey.questions.filter(kind=QuestionKind.LIKERT).exists():
        raise ValidationError("Add a statement to agree or disagree with before opening a round")
    survey_round = SurveyRound(
        survey=survey,
        number=latest.number + 1 if latest is not None else 1,
        opens_on=today,
        closes_on=today + timedelta(days=max(survey.round_length_days, 1) - 1),
        invited=survey_active_staff_count() if invited_staff is None else len(invited_staff),
    )
    survey_round.full_clean()
    survey_round.save()
    if invited_staff is not None:
        survey_round.invited_staff.set(invited_staff)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=survey_round,
        details={
            "survey": survey.pk,
            "number": survey_round.number,
            "opens_on": survey_round.opens_on.isoformat(),
            "closes_on": survey_round.closes_on.isoformat(),
            "invited": survey_round.invited,
            "named_people_only": invited_staff is not None,
            "scheduled": actor is None,
        },
    )
    return survey_round


def survey_rounds_open_due(*, today: date) -> list[SurveyRound]:
    """Opens the next round of every repeating survey whose latest round opened
    `repeat_every_days` or more days before `today` and has closed. A survey that has never
    had a round waits for a strategic lead to open the first; a missed run opens one round, not
    one per missed period. A round for named people is followed by one for those of them still
    in post (none left: no round). Each round opens in its own transaction."""
    due = Survey.objects.filter(repeat_every_days__gt=0).annotate(
        latest_opens=Max("rounds__opens_on"), latest_closes=Max("rounds__closes_on")
    )
    opened: list[SurveyRound] = []
    for survey in due:
        latest_opens: date | None = survey.latest_opens
        latest_closes: date | None = survey.latest_closes
        if latest_opens is None or latest_closes is None or latest_closes >= today:
            continue
        if latest_opens + timedelta(days=survey.repeat_every_days or 0) > today:
            continue
        latest = survey.rounds.order_by("-number").first()
        named = list(latest.invited_staff.all()) if latest is not None else []
        invited = survey_staff_in_post_among(named) if named else None
        if invited == []:
            continue
        try:
            opened.append(
                _survey_round_open(survey=survey, today=today, actor=None, invited_staff=invited)
            )
        except ValidationError:
            continue  # e.g. opened by someone else since we looked
    return opened


def _survey_answers_checked(
    questions: list[SurveyQuestion], answers: SurveyAnswerInput
) -> dict[int, int | str]:
    """Each question's answer, checked: a score from 1 to 5 for every statement; free text is
    optional and only kept when given. Raises one message per question that is wrong."""
    asked = {question.pk for question in questions}
    if set(answers) - asked:
        raise ValidationError("The answers do not match this survey's questions")
    errors: dict[str, str] = {}
    checked: dict[int, int | str] = {}
    for question in questions:
        value = answers.get(question.pk)
        field = f"question_{question.pk}"
        if question.kind == QuestionKind.LIKERT:
            if value is None or value == "":
                errors[field] = f'Choose how far you agree with "{question.text}"'
                continue
            try:
                score = int(value)
            except (TypeError, ValueError):
                score = 0
            if score not in LIKERT_SCORES:
                errors[field] = (
                    f"Choose one of the five answers, from strongly disagree to strongly agree, "
                    f'for "{question.text}"'
                )
                continue
            checked[question.pk] = score
        else:
            text = str(value or "").strip()
            if len(text) > SURVEY_FREE_TEXT_MAX_LENGTH:
                errors[field] = (
                    f'Your answer to "{question.text}" must be '
                    f"{SURVEY_FREE_TEXT_MAX_LENGTH:,} characters or fewer"
                )
            elif text:
                checked[question.pk] = text
    if errors:
        raise ValidationError(errors)
    return checked


def _already_answered() -> ValidationError:
    return ValidationError("You have already answered this round. Each person answers once.")


@transaction.atomic
def survey_answer(
    *,
    actor: User,
    survey_round: SurveyRound,
    answers: SurveyAnswerInput,
    today: date | None = None,
) -> SurveyParticipation:
    """Records one person's answers to an open round, once. The answers are kept with the
    groups they are reported by and nothing else. No audit event is written now: the worker
    counts each day's answers once the day is over (survey_answer_days_record), since an event
    at this moment would sit among the author's own. Only staff still working in the
    partnership answer, and a round for named people only those it names (PermissionDenied
    saying why for anyone else); the check records nothing about who tried."""
    require(access.can_use_staff_voice(actor), to=access.ANSWER_SURVEYS)
    staff = access.survey_round_respondent_for_user(actor, survey_round)
    today = today or timezone.localdate()
    if today < survey_round.opens_on:
        raise ValidationError("This round of the survey has not opened yet")
    if today > survey_round.closes_on:
        raise ValidationError(
            f"This round of the survey closed on {date_format(survey_round.closes_on, 'j F Y')}"
        )
    if SurveyParticipation.objects.filter(round=survey_round, staff=staff).exists():
        raise _already_answered()
    checked = _survey_answers_checked(list(survey_round.survey.questions.all()), answers)
    try:
        with transaction.atomic():
            participation = SurveyParticipation.objects.create(
                round=survey_round, staff=staff, answered_on=today
            )
    except IntegrityError:
        raise _already_answered() from None  # the same person answering twice at once
    response = SurveyResponse(
        id=_random_id(),
        round=survey_round,
        agency_id=staff.agency_id,
        level=staff_levels(agency=staff.agency).get(staff.pk),
        locality_id=staff.team.locality_id if staff.team is not None else None,
    )
    # The groups come from the staff record and may be unknown (no team, so no locality): the
    # model keeps them null, which full_clean would otherwise call blank.
    response.full_clean(exclude=["agency", "level", "locality"])
    response.save(force_insert=True)
    rows = [
        SurveyAnswer(
            id=_random_id(),
            response=response,
            question_id=question_pk,
            score=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
        for question_pk, value in checked.items()
    ]
    for row in rows:
        row.full_clean()
    SurveyAnswer.objects.bulk_create(rows)
    return participation


def survey_answer_days_record(*, today: date) -> int:
    """The worker's record of survey answers: for each round and each day that is over, one
    audit event on no one's behalf, "37 answers to Pulse, round 3, received on 2 December
    2026", written once (see voice.services.untraceable); then, on PostgreSQL, the round's
    responses and answers lose the order they were written in. Returns how many answers (sets of
    answers, one a person) it recorded."""
    first, last = untraceable.days_to_count(today)
    days = (
        SurveyParticipation.objects.filter(answered_on__range=(first, last))
        .values_list("round_id", "answered_on")
        .distinct()
        .order_by("answered_on", "round_id")
    )
    recorded = 0
    for round_id, day in list(days):
        if day is not None:  # answers from before days were kept are not in the range anyway
            recorded += _survey_answer_day_record(round_id, day)
    return recorded


@transaction.atomic
def survey_answers_today_unordered(*, today: date) -> None:
    """The worker, every hour: on PostgreSQL, the responses and answers of every round answered
    today lose the order they were written in, and the transaction they shared with the
    participation that names their author (see voice.services.untraceable). Until then a
    database administrator could join a participation to its response by that transaction; now
    for an hour at most."""
    rounds = SurveyParticipation.objects.filter(answered_on=today).values("round_id")
    responses = SurveyResponse.objects.filter(round_id__in=rounds)
    untraceable.rows_rewritten_out_of_order(responses, field="round")
    untraceable.rows_rewritten_out_of_order(
        SurveyAnswer.objects.filter(response__in=responses), field="question"
    )


@transaction.atomic
def _survey_answer_day_record(round_id: int, day: date) -> int:
    survey_round = SurveyRound.objects.select_related("survey").get(pk=round_id)
    received = SurveyParticipation.objects.select_for_update().filter(
        round=survey_round, answered_on=day
    )

    def describe(count: int) -> str:
        answers = "answer" if count == 1 else "answers"
        return f"{count} {answers} to {survey_round}, received on {date_format(day, 'j F Y')}"

    recorded = untraceable.day_count_record(
        object_type=SurveyRound._meta.label_lower,
        object_id=f"{round_id}:answers:{day.isoformat()}",
        received=len(received),
        describe=describe,
        day=day,
    )
    if recorded:
        responses = SurveyResponse.objects.filter(round=survey_round)
        untraceable.rows_rewritten_out_of_order(responses, field="round")
        untraceable.rows_rewritten_out_of_order(
            SurveyAnswer.objects.filter(response__in=responses), field="question"
        )
    return recorded
