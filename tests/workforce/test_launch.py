"""Launching a restructure: who may (and who is refused), the states it refuses with nothing
written, who the message reaches (worked by hand on launch_setup's tree), the wellbeing round
for those affected alone, and the restructure's record of it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.voice import access as voice_access
from childtrust.voice.models import (
    CascadeTask,
    Message,
    MessageStatus,
    Recipient,
    Survey,
    SurveyParticipation,
    SurveyRound,
)
from childtrust.voice.selectors.surveys import survey_rounds_to_answer
from childtrust.voice.services.surveys import survey_answer
from childtrust.workforce import models as w
from childtrust.workforce.selectors.launch import day, launch_message, launch_reach, path_to
from childtrust.workforce.services.launch import restructure_launch
from tests.factories import StaffMemberFactory, UserFactory
from tests.voice.survey_support import likert_answers
from tests.workforce.launch_setup import BRIEF_BY, TODAY, World, build_world, remit_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def names(world: World, ids: set[int]) -> set[str]:
    by_pk = {person.pk: given for given, person in world.people.items()}
    return {by_pk[pk] for pk in ids}


def launched(world: World) -> w.Restructure:
    return restructure_launch(
        actor=world.launcher, restructure=world.restructure, brief_by=BRIEF_BY
    )


def nothing_written(world: World) -> None:
    world.restructure.refresh_from_db()
    assert world.restructure.status == w.RestructureStatus.PROPOSED
    assert world.restructure.launched_at is None
    assert world.restructure.message is None
    assert world.restructure.survey_round is None
    assert not Message.objects.exists()
    assert not Survey.objects.exists()
    assert not SurveyRound.objects.exists()


# --- Who may launch ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.AUDITOR,
        Role.STRATEGIC_LEAD,
        Role.PARTNERSHIP_ADMIN,
    ],
)
def test_only_workforce_managers_launch(world: World, role: str) -> None:
    user = UserFactory(role=role)
    StaffMemberFactory(agency=world.council, user=user)

    with pytest.raises(PermissionDenied, match="Your role does not allow you to launch"):
        restructure_launch(actor=user, restructure=world.restructure, brief_by=BRIEF_BY)
    nothing_written(world)


def test_an_affected_practitioner_cannot_launch_their_own_restructure(world: World) -> None:
    with pytest.raises(PermissionDenied):
        restructure_launch(
            actor=world.account_of("Pat"), restructure=world.restructure, brief_by=BRIEF_BY
        )
    nothing_written(world)


def test_a_workforce_manager_limited_to_another_agency_is_refused(world: World) -> None:
    with pytest.raises(PermissionDenied, match="launch restructures"):
        restructure_launch(
            actor=remit_manager(world, inside=False),
            restructure=world.restructure,
            brief_by=BRIEF_BY,
        )
    nothing_written(world)


def test_a_workforce_manager_limited_to_its_agency_launches_it(world: World) -> None:
    restructure = restructure_launch(
        actor=remit_manager(world, inside=True), restructure=world.restructure, brief_by=BRIEF_BY
    )

    assert restructure.status == w.RestructureStatus.CONSULTATION


def test_a_workforce_manager_with_no_staff_record_is_told_why(world: World) -> None:
    unlinked = UserFactory(role=Role.WORKFORCE_MANAGER)

    with pytest.raises(PermissionDenied) as refused:
        restructure_launch(actor=unlinked, restructure=world.restructure, brief_by=BRIEF_BY)

    assert str(refused.value) == (
        "The restructure's message goes out in its launcher's name. "
        + voice_access.NOT_LINKED.format(to=voice_access.SEND_MESSAGES)
    )
    nothing_written(world)


def test_a_workforce_manager_no_longer_in_post_is_told_why(world: World) -> None:
    world["Wyn"].is_active = False
    world["Wyn"].save()

    with pytest.raises(PermissionDenied, match="no longer working in the partnership"):
        launched(world)
    nothing_written(world)


# --- States it refuses ---------------------------------------------------------------------------


def test_a_second_launch_is_refused_and_sends_nothing_more(world: World) -> None:
    launched(world)
    world.restructure.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        launched(world)

    assert refused.value.messages == [
        f"This restructure was launched on {day(TODAY)}: a restructure is launched once"
    ]
    assert (Message.objects.count(), Survey.objects.count(), SurveyRound.objects.count()) == (
        1,
        1,
        1,
    )


@pytest.mark.parametrize(
    "status",
    [
        w.RestructureStatus.CONSULTATION,
        w.RestructureStatus.IMPLEMENTING,
        w.RestructureStatus.FINISHED,
        w.RestructureStatus.WITHDRAWN,
    ],
)
def test_only_a_proposed_restructure_is_launched(world: World, status: str) -> None:
    w.Restructure.objects.filter(pk=world.restructure.pk).update(status=status)
    world.restructure.refresh_from_db()

    with pytest.raises(ValidationError, match="Only a proposed restructure can be launched"):
        launched(world)
    assert not Message.objects.exists()
    assert not SurveyRound.objects.exists()


def test_every_reason_is_given_at_once_and_nothing_is_written() -> None:
    world = build_world(affected=())
    world.restructure.consultation_starts_on = None
    world.restructure.consultation_ends_on = None
    world.restructure.save()

    with pytest.raises(ValidationError) as refused:
        restructure_launch(
            actor=world.launcher,
            restructure=world.restructure,
            brief_by=TODAY - datetime.timedelta(days=1),
        )

    assert refused.value.message_dict == {
        "__all__": [
            "Add the people the restructure affects before launching it: its message and its "
            "wellbeing survey are for them",
            "Set the day consultation starts before launching it: the message tells people the "
            "timeline",
        ],
        "brief_by": ["The date by which managers brief their teams must be today or later"],
    }
    nothing_written(world)


def test_no_one_affected_still_in_post_is_refused() -> None:
    world = build_world(affected=("Lee",))

    with pytest.raises(ValidationError, match="None of the people the restructure affects"):
        launched(world)
    nothing_written(world)


# --- What it sends -------------------------------------------------------------------------------


def test_the_message_reaches_those_affected_and_their_managers_worked_by_hand(
    world: World,
) -> None:
    restructure = launched(world)

    message = restructure.message
    assert message is not None
    assert message.status == MessageStatus.PUBLISHED
    assert message.sender == world["Wyn"]
    recipients = dict(Recipient.objects.filter(message=message).values_list("staff", "manager"))
    # Pat, Pip and Sam (Lee has left), and their managers Mo and Meg (Sam's manager Tia has
    # left, so Meg briefs Sam). Vic, Hana and Wyn are not sent it.
    assert names(world, set(recipients)) == {"Pat", "Pip", "Sam", "Mo", "Meg"}
    assert recipients[world["Pat"].pk] == world["Mo"].pk
    assert recipients[world["Sam"].pk] == world["Meg"].pk
    assert recipients[world["Mo"].pk] == world["Hana"].pk
    tasks = set(CascadeTask.objects.filter(message=message).values_list("manager", flat=True))
    assert names(world, tasks) == {"Mo", "Meg", "Hana"}
    assert CascadeTask.objects.filter(message=message).first().due_on == BRIEF_BY  # type: ignore[union-attr]


def test_the_confirmation_counts_agree_with_what_launching_sends(world: World) -> None:
    reach = launch_reach(world.restructure)

    assert (reach.affected, reach.affected_in_post, reach.affected_not_in_post) == (4, 3, 1)
    assert (reach.managers, reach.recipients, reach.briefing_managers) == (2, 5, 3)
    restructure = launched(world)
    assert restructure.message is not None
    assert restructure.message.recipients.count() == reach.recipients
    assert restructure.message.cascade_tasks.count() == reach.briefing_managers


def test_the_message_says_what_is_proposed_the_timeline_how_to_respond_and_the_support(
    world: World,
) -> None:
    text = launch_message(world.restructure)

    assert text.title == "Proposed restructure: Duty and family support together"
    body = text.body
    assert "Duty and family support become one locality team." in body
    assert f"Consultation starts on {day(TODAY)}" in body
    assert "Write to the consultation mailbox or tell us at your meeting." in body
    assert "Redeployment and the employee assistance programme (0800 000 000)." in body
    assert path_to("workforce:my_restructures", fallback="/workforce/my-restructures/") in body
    assert f"/workforce/restructures/{world.restructure.pk}/" in body
    assert "Pat" not in body  # the text names no one
    assert "Worker" not in body


def test_the_round_invites_exactly_those_affected_in_post(world: World) -> None:
    restructure = launched(world)

    survey_round = restructure.survey_round
    assert survey_round is not None
    assert survey_round.survey.template == "wellbeing_check"
    assert survey_round.survey.title == "Wellbeing check: Duty and family support together"
    assert survey_round.survey.repeat_every_days is None
    assert survey_round.invited == 3
    assert names(world, set(survey_round.invited_staff.values_list("pk", flat=True))) == {
        "Pat",
        "Pip",
        "Sam",
    }
    assert (survey_round.opens_on, survey_round.closes_on) == (
        TODAY,
        TODAY + datetime.timedelta(days=13),
    )
    assert survey_rounds_to_answer(world["Pat"]) == [survey_round]
    assert survey_rounds_to_answer(world["Mo"]) == []
    assert survey_rounds_to_answer(world["Vic"]) == []


def test_someone_not_affected_cannot_answer_the_round(world: World) -> None:
    survey_round = launched(world).survey_round
    assert survey_round is not None
    answers = likert_answers(survey_round.survey)

    for outsider in ("Vic", "Mo"):
        with pytest.raises(PermissionDenied, match="you are not one of them"):
            survey_answer(
                actor=world.account_of(outsider), survey_round=survey_round, answers=answers
            )
    assert not SurveyParticipation.objects.exists()

    survey_answer(actor=world.account_of("Pat"), survey_round=survey_round, answers=answers)
    assert SurveyParticipation.objects.get().staff == world["Pat"]


def test_launching_records_the_message_and_round_and_is_audited(world: World) -> None:
    restructure = launched(world)

    restructure.refresh_from_db()
    assert restructure.status == w.RestructureStatus.CONSULTATION
    assert restructure.launched_at is not None
    assert restructure.message == Message.objects.get()
    assert restructure.survey_round == SurveyRound.objects.get()
    event = AuditEvent.objects.filter(
        object_type="workforce.restructure", object_id=str(restructure.pk)
    ).latest("sequence")
    assert event.action == AuditAction.UPDATE
    assert event.details["changed"] == ["launched_at", "message", "status", "survey_round"]
    assert event.details["to"]["status"] == "consultation"


def test_without_a_date_managers_brief_within_a_week(world: World) -> None:
    restructure = restructure_launch(actor=world.launcher, restructure=world.restructure)

    assert restructure.message is not None
    assert restructure.message.brief_by == TODAY + datetime.timedelta(days=7)
