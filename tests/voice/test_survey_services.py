"""Pulse survey services: surveys from templates, questions fixed once a round opens, rounds,
anonymous answers given once, and the scheduled repeats."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice import tasks
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
from childtrust.voice.services.surveys import (
    survey_answer,
    survey_create_from_template,
    survey_question_add,
    survey_question_remove,
    survey_question_update,
    survey_round_open,
)
from childtrust.voice.survey_templates import SURVEY_TEMPLATES
from tests.factories import (
    AgencyFactory,
    LocalityTeamFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.voice.survey_support import TODAY, likert_answers, make_round, make_survey, survey_lead

pytestmark = pytest.mark.django_db


def events(object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type).order_by("sequence"))


# Templates and surveys


def test_the_change_template_asks_about_all_seven_themes_and_one_open_question() -> None:
    questions = SURVEY_TEMPLATES["staff_through_change"].questions

    themes = [q.theme for q in questions if q.kind == QuestionKind.LIKERT]
    assert set(themes) == set(SurveyTheme)
    assert all(1 <= themes.count(theme) <= 2 for theme in SurveyTheme)
    assert [q.kind for q in questions].count(QuestionKind.FREE_TEXT) == 1


def test_the_wellbeing_check_is_shorter() -> None:
    wellbeing = SURVEY_TEMPLATES["wellbeing_check"].questions

    assert len(wellbeing) < len(SURVEY_TEMPLATES["staff_through_change"].questions)
    assert SurveyTheme.WELLBEING in {q.theme for q in wellbeing}


def test_creating_a_survey_copies_the_template_questions_in_order_and_is_audited() -> None:
    survey = make_survey(repeat_every_days=90, round_length_days=14)

    template = SURVEY_TEMPLATES["staff_through_change"]
    assert [(q.text, q.kind, q.theme or None) for q in survey.questions.all()] == [
        (q.text, q.kind, q.theme) for q in template.questions
    ]
    assert survey.template == "staff_through_change"
    assert survey.repeat_every_days == 90
    [event] = events("voice.survey")
    assert event.action == AuditAction.CREATE
    assert event.details["template"] == "staff_through_change"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"template": "nonsense"}, "template", "Choose a template from the list"),
        ({"round_length_days": 0}, "round_length_days", "between 1 and 90 days"),
        ({"round_length_days": 91}, "round_length_days", "between 1 and 90 days"),
        ({"repeat_every_days": 7}, "repeat_every_days", "no more often than a round lasts"),
        ({"repeat_every_days": 400}, "repeat_every_days", "every 1 to 365 days"),
        ({"title": "  "}, "title", "Enter a title for the survey"),
    ],
)
def test_a_survey_with_bad_settings_is_refused_and_nothing_is_written(
    changes: dict[str, object], field: str, message: str
) -> None:
    arguments: dict[str, object] = {
        "template": "staff_through_change",
        "title": "Pulse",
        "repeat_every_days": None,
        "round_length_days": 14,
        **changes,
    }

    with pytest.raises(ValidationError) as refused:
        survey_create_from_template(actor=survey_lead(), **arguments)  # type: ignore[arg-type]

    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not Survey.objects.exists()
    assert not SurveyQuestion.objects.exists()
    assert not AuditEvent.objects.exists()


# Questions


def test_questions_can_be_changed_added_and_removed_before_the_first_round() -> None:
    survey = make_survey()
    first, *_ = survey.questions.all()
    lead = survey_lead()

    survey_question_update(
        actor=lead, question=first, text="I understand the vision.", theme=SurveyTheme.CLARITY
    )
    added = survey_question_add(
        actor=lead, survey=survey, text="Anything else?", kind=QuestionKind.FREE_TEXT
    )
    survey_question_remove(actor=lead, question=added)

    first.refresh_from_db()
    assert first.text == "I understand the vision."
    assert not SurveyQuestion.objects.filter(pk=added.pk).exists()
    assert [e.action for e in events("voice.surveyquestion")] == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
        AuditAction.DELETE,
    ]


def test_a_new_statement_needs_a_theme() -> None:
    survey = make_survey()

    with pytest.raises(ValidationError) as refused:
        survey_question_add(
            actor=survey_lead(), survey=survey, text="I feel fine.", kind=QuestionKind.LIKERT
        )

    assert refused.value.message_dict == {"theme": ["Choose the theme the statement measures"]}
    assert survey.questions.count() == 13


def test_questions_cannot_change_once_a_round_has_opened() -> None:
    survey = make_survey()
    question = survey.questions.first()
    assert question is not None
    make_round(survey)

    with pytest.raises(ValidationError, match="once the first round has opened"):
        survey_question_update(actor=survey_lead(), question=question, text="Changed")
    with pytest.raises(ValidationError, match="once the first round has opened"):
        survey_question_remove(actor=survey_lead(), question=question)

    question.refresh_from_db()
    assert question.text != "Changed"
    assert not events("voice.surveyquestion")


def test_the_last_statement_cannot_be_removed() -> None:
    survey = make_survey(template="wellbeing_check")
    lead = survey_lead()
    statements = list(survey.questions.filter(kind=QuestionKind.LIKERT))
    for statement in statements[:-1]:
        survey_question_remove(actor=lead, question=statement)

    with pytest.raises(ValidationError, match="at least one statement"):
        survey_question_remove(actor=lead, question=statements[-1])

    assert survey.questions.filter(kind=QuestionKind.LIKERT).count() == 1


# Rounds


def test_opening_a_round_invites_every_active_member_of_staff_and_is_audited() -> None:
    StaffMemberFactory.create_batch(3)
    StaffMemberFactory(is_active=False)
    survey = make_survey(round_length_days=14)

    survey_round = survey_round_open(actor=survey_lead(), survey=survey, today=TODAY)

    assert (survey_round.number, survey_round.opens_on, survey_round.invited) == (1, TODAY, 3)
    assert survey_round.closes_on == TODAY + datetime.timedelta(days=13)
    [event] = events("voice.surveyround")
    assert event.action == AuditAction.CREATE
    assert event.actor_username == "survey-lead"
    assert event.details["invited"] == 3
    assert event.details["scheduled"] is False


def test_a_round_cannot_open_while_the_last_one_is_still_open() -> None:
    survey = make_survey()
    survey_round_open(actor=survey_lead(), survey=survey, today=TODAY)

    with pytest.raises(ValidationError, match="Round 1 is open until 16 March 2025"):
        survey_round_open(
            actor=survey_lead(), survey=survey, today=TODAY + datetime.timedelta(days=13)
        )

    assert survey.rounds.count() == 1


def test_the_next_round_opens_once_the_last_has_closed() -> None:
    survey = make_survey()
    survey_round_open(actor=survey_lead(), survey=survey, today=TODAY)

    second = survey_round_open(
        actor=survey_lead(), survey=survey, today=TODAY + datetime.timedelta(days=14)
    )

    assert second.number == 2


# Answering


@pytest.fixture
def answering() -> tuple[SurveyRound, object]:
    """An open round and a signed-in practitioner at level 2 in a locality team."""
    agency = AgencyFactory(name="City Health")
    team = LocalityTeamFactory()
    head = StaffMemberFactory(agency=agency)
    user = UserFactory(username="practitioner")
    StaffMemberFactory(agency=agency, manager=head, team=team, user=user)
    survey = make_survey()
    survey_round = survey_round_open(actor=survey_lead(), survey=survey, today=TODAY)
    return survey_round, user


def test_an_answer_keeps_the_groups_but_not_the_person(answering: tuple) -> None:
    survey_round, user = answering
    survey = survey_round.survey
    free_text = survey.questions.get(kind=QuestionKind.FREE_TEXT)

    participation = survey_answer(
        actor=user,
        survey_round=survey_round,
        answers={**likert_answers(survey, 5), free_text.pk: "  More time to read.  "},
        today=TODAY,
    )

    assert participation.staff == user.staff_member
    response = SurveyResponse.objects.get()
    assert response.agency == user.staff_member.agency
    assert response.level == 2
    assert response.locality == user.staff_member.team.locality
    # A response has nothing that names a person or a moment.
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {
        "id",
        "round",
        "agency",
        "level",
        "locality",
    }
    assert SurveyAnswer.objects.filter(response=response, score=5).count() == 12
    assert SurveyAnswer.objects.get(question=free_text).text == "More time to read."


def test_answering_writes_no_audit_event_until_the_worker_counts_the_day(
    answering: tuple,
) -> None:
    survey_round, user = answering

    participation = survey_answer(
        actor=user,
        survey_round=survey_round,
        answers=likert_answers(survey_round.survey, 2),
        today=TODAY,
    )

    assert participation.answered_on == TODAY
    assert not AuditEvent.objects.filter(
        object_type__in=[
            "voice.surveyparticipation",
            "voice.surveyresponse",
            "voice.surveyanswer",
            "voice.surveyround",
        ],
        action=AuditAction.CREATE,
        sequence__gt=_last_sequence_before_answering(),
    ).exists()


def _last_sequence_before_answering() -> int:
    """The round's opening is recorded when it opens; everything after is about the answer."""
    opened = AuditEvent.objects.get(object_type="voice.surveyround", action=AuditAction.CREATE)
    return opened.sequence


def test_responses_are_stored_under_ids_that_do_not_follow_the_order_of_answering() -> None:
    survey = make_survey()
    survey_round = survey_round_open(actor=survey_lead(), survey=survey, today=TODAY)
    users = [UserFactory(username=f"person-{n}") for n in range(6)]
    for user in users:
        StaffMemberFactory(user=user)
        survey_answer(
            actor=user, survey_round=survey_round, answers=likert_answers(survey), today=TODAY
        )

    ids = list(SurveyResponse.objects.order_by("pk").values_list("pk", flat=True))
    participations = list(SurveyParticipation.objects.order_by("pk").values_list("pk", flat=True))
    assert participations == sorted(participations)
    # Six ids from 2**62: consecutive ids would mean the order of answering is kept.
    assert max(ids) - min(ids) > 1000


def test_answering_twice_is_refused_and_nothing_more_is_written(answering: tuple) -> None:
    survey_round, user = answering
    answers = likert_answers(survey_round.survey)
    survey_answer(actor=user, survey_round=survey_round, answers=answers, today=TODAY)

    with pytest.raises(ValidationError, match="already answered this round"):
        survey_answer(actor=user, survey_round=survey_round, answers=answers, today=TODAY)

    assert SurveyParticipation.objects.count() == 1
    assert SurveyResponse.objects.count() == 1


def _bad(survey: Survey, kind: str) -> dict[int, int | str | None]:
    answers = likert_answers(survey)
    statement = survey.questions.filter(kind=QuestionKind.LIKERT).first()
    free_text = survey.questions.get(kind=QuestionKind.FREE_TEXT)
    assert statement is not None
    if kind == "missing":
        del answers[statement.pk]
    elif kind == "blank":
        answers[statement.pk] = ""
    elif kind == "too high":
        answers[statement.pk] = 6
    elif kind == "zero":
        answers[statement.pk] = 0
    elif kind == "not a number":
        answers[statement.pk] = "agree"
    elif kind == "free text too long":
        answers[free_text.pk] = "x" * 2001
    return answers


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "Choose how far you agree with"),
        ("blank", "Choose how far you agree with"),
        ("too high", "Choose one of the five answers"),
        ("zero", "Choose one of the five answers"),
        ("not a number", "Choose one of the five answers"),
        ("free text too long", "must be 2,000 characters or fewer"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message_and_nothing_is_written(
    answering: tuple, kind: str, message: str
) -> None:
    survey_round, user = answering

    with pytest.raises(ValidationError) as refused:
        survey_answer(
            actor=user,
            survey_round=survey_round,
            answers=_bad(survey_round.survey, kind),
            today=TODAY,
        )

    [messages] = refused.value.message_dict.values()
    assert message in messages[0]
    assert not SurveyParticipation.objects.exists()
    assert not SurveyResponse.objects.exists()
    assert not SurveyAnswer.objects.exists()
    assert not events("voice.surveyparticipation")


def test_answers_to_questions_of_another_survey_are_refused(answering: tuple) -> None:
    survey_round, user = answering
    other = make_survey(template="wellbeing_check", title="Other")
    answers = {**likert_answers(survey_round.survey), **likert_answers(other)}

    with pytest.raises(ValidationError, match="do not match this survey's questions"):
        survey_answer(actor=user, survey_round=survey_round, answers=answers, today=TODAY)

    assert not SurveyResponse.objects.exists()


def test_an_empty_free_text_answer_is_not_kept(answering: tuple) -> None:
    survey_round, user = answering
    free_text = survey_round.survey.questions.get(kind=QuestionKind.FREE_TEXT)

    survey_answer(
        actor=user,
        survey_round=survey_round,
        answers={**likert_answers(survey_round.survey), free_text.pk: "   "},
        today=TODAY,
    )

    assert not SurveyAnswer.objects.filter(question=free_text).exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY - datetime.timedelta(days=1), "not opened yet"),
        (TODAY + datetime.timedelta(days=14), "closed on 16 March 2025"),
    ],
)
def test_a_round_that_is_not_open_cannot_be_answered(
    answering: tuple, day: datetime.date, message: str
) -> None:
    survey_round, user = answering

    with pytest.raises(ValidationError, match=message):
        survey_answer(
            actor=user,
            survey_round=survey_round,
            answers=likert_answers(survey_round.survey),
            today=day,
        )

    assert not SurveyResponse.objects.exists()


def test_a_user_with_no_staff_record_cannot_answer(answering: tuple) -> None:
    survey_round, _ = answering

    with pytest.raises(PermissionDenied, match="not linked to a staff record"):
        survey_answer(
            actor=UserFactory(username="no-record"),
            survey_round=survey_round,
            answers=likert_answers(survey_round.survey),
            today=TODAY,
        )

    assert not SurveyResponse.objects.exists()


def test_a_member_of_staff_who_has_left_cannot_answer(answering: tuple) -> None:
    survey_round, user = answering
    user.staff_member.is_active = False
    user.staff_member.save()

    with pytest.raises(PermissionDenied, match="no longer working in the partnership"):
        survey_answer(
            actor=user,
            survey_round=survey_round,
            answers=likert_answers(survey_round.survey),
            today=TODAY,
        )


# Who may set surveys up, open rounds and answer


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.FINANCE_OFFICER])
def test_only_those_who_run_surveys_set_them_up_change_them_or_open_rounds(role: str) -> None:
    survey = make_survey()
    question = survey.questions.first()
    assert question is not None
    someone = UserFactory(username=f"not-a-lead-{role}", role=role)
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied, match="set up surveys"):
        survey_create_from_template(
            actor=someone,
            template="wellbeing_check",
            title="Mine",
            repeat_every_days=None,
            round_length_days=14,
        )
    with pytest.raises(PermissionDenied, match="change a survey's questions"):
        survey_question_add(actor=someone, survey=survey, text="New?", kind=QuestionKind.FREE_TEXT)
    with pytest.raises(PermissionDenied, match="change a survey's questions"):
        survey_question_update(actor=someone, question=question, text="Changed")
    with pytest.raises(PermissionDenied, match="change a survey's questions"):
        survey_question_remove(actor=someone, question=question)
    with pytest.raises(PermissionDenied, match="open survey rounds"):
        survey_round_open(actor=someone, survey=survey, today=TODAY)

    assert Survey.objects.count() == 1
    question.refresh_from_db()
    assert question.text != "Changed"
    assert survey.questions.count() == len(SURVEY_TEMPLATES["staff_through_change"].questions)
    assert not SurveyRound.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_refused_answer_records_nothing_about_who_tried(answering: tuple) -> None:
    survey_round, _ = answering
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        survey_answer(
            actor=UserFactory(username="not-staff"),
            survey_round=survey_round,
            answers=likert_answers(survey_round.survey),
            today=TODAY,
        )

    assert AuditEvent.objects.count() == before
    assert not SurveyParticipation.objects.exists()
    assert not SurveyResponse.objects.exists()


# Scheduled repeats


def test_a_repeating_survey_opens_its_next_round_when_due() -> None:
    survey = make_survey(repeat_every_days=28, round_length_days=14)
    make_round(survey, opens_on=TODAY - datetime.timedelta(days=28))

    assert tasks.open_due_survey_rounds_on(TODAY) == 1

    second = survey.rounds.get(number=2)
    assert (second.opens_on, second.closes_on) == (TODAY, TODAY + datetime.timedelta(days=13))
    [event] = events("voice.surveyround")
    assert event.actor_username == ""
    assert event.details["scheduled"] is True


def test_a_round_opened_late_starts_the_count_again_and_opens_only_one() -> None:
    survey = make_survey(repeat_every_days=28, round_length_days=14)
    make_round(survey, opens_on=TODAY - datetime.timedelta(days=100))

    assert tasks.open_due_survey_rounds_on(TODAY) == 1
    assert tasks.open_due_survey_rounds_on(TODAY + datetime.timedelta(days=27)) == 0
    assert tasks.open_due_survey_rounds_on(TODAY + datetime.timedelta(days=28)) == 1

    assert survey.rounds.count() == 3


@pytest.mark.parametrize(
    ("repeat_every_days", "opened_days_ago", "with_round"),
    [
        (28, 27, True),  # not due yet
        (None, 60, True),  # does not repeat
        (28, 60, False),  # never started: a lead opens the first round
    ],
    ids=["not due yet", "not repeating", "never started"],
)
def test_surveys_that_are_not_due_are_left_alone(
    repeat_every_days: int | None, opened_days_ago: int, with_round: bool
) -> None:
    survey = make_survey(repeat_every_days=repeat_every_days, round_length_days=14)
    if with_round:
        make_round(survey, opens_on=TODAY - datetime.timedelta(days=opened_days_ago))

    assert tasks.open_due_survey_rounds_on(TODAY) == 0
    assert survey.rounds.count() == (1 if with_round else 0)


def test_a_survey_whose_last_round_is_still_open_waits() -> None:
    survey = make_survey(repeat_every_days=28, round_length_days=28)
    make_round(survey, opens_on=TODAY - datetime.timedelta(days=28), days=40)

    assert tasks.open_due_survey_rounds_on(TODAY) == 0


def test_the_scheduled_task_opens_due_rounds_as_of_today() -> None:
    from django.utils import timezone

    survey = make_survey(repeat_every_days=30, round_length_days=14)
    make_round(survey, opens_on=timezone.localdate() - datetime.timedelta(days=30))

    assert tasks.open_due_survey_rounds.call() == 1
    assert survey.rounds.count() == 2


def _xmin(model: type, pk: object) -> int:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)  # a model's table, not input
        cursor.execute(f"SELECT xmin::text::bigint FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return int(cursor.fetchone()[0])


def test_within_the_hour_a_response_no_longer_shares_the_transaction_of_its_participation(
    answering: tuple,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL keeps the transaction that wrote each row (xmin)")
    survey_round, user = answering
    participation = survey_answer(
        actor=user,
        survey_round=survey_round,
        answers=likert_answers(survey_round.survey, 4),
        today=TODAY,
    )
    response = SurveyResponse.objects.get()
    # Written together: the participation (which names its author) sits one step from its
    # response in the order of transactions, which joins the two.
    assert (
        abs(_xmin(SurveyParticipation, participation.pk) - _xmin(SurveyResponse, response.pk)) <= 1
    )

    tasks.anonymous_submissions_record_on(TODAY)  # the hourly run, the day not yet over

    apart = abs(_xmin(SurveyParticipation, participation.pk) - _xmin(SurveyResponse, response.pk))
    assert apart > 1
