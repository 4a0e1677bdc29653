"""Named audiences: a message for named people (those a restructure affects) goes to them and
the nearest manager of each in post, each briefed by their own nearest manager; a survey round
for named people is shown to, answered by and counted over those named only, with the same
results rules as any round.

The tree (tests/voice/cascade_helpers.py): Hana heads City Council; Mo (Duty) and Meg (Family
support) report to her; Tia and Tom to Mo; Ted to Meg; Pat and Pip to Tia; Pam to Tom; Sam and
Sue to Ted. Hal heads City Health, with Vic."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.partnership.models import StaffMember
from childtrust.voice import access
from childtrust.voice.models import (
    CascadeTask,
    MessageStatus,
    Recipient,
    SurveyParticipation,
    SurveyRound,
)
from childtrust.voice.selectors.cascade import (
    message_audience,
    message_audience_description,
    message_for_sender,
    named_people_audience,
)
from childtrust.voice.selectors.survey_results import survey_round_results
from childtrust.voice.selectors.surveys import survey_rounds_to_answer
from childtrust.voice.services.messages import message_create, message_publish, message_update
from childtrust.voice.services.surveys import (
    survey_answer,
    survey_round_open,
    survey_round_open_for_staff,
    survey_rounds_open_due,
)
from tests.factories import UserFactory
from tests.form_data import date_parts
from tests.voice.cascade_helpers import Tree, build_tree, user_for
from tests.voice.survey_support import (
    TODAY,
    add_responses,
    likert_answers,
    make_round,
    make_survey,
    survey_lead,
)

pytestmark = pytest.mark.django_db

BRIEF_BY = timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def tree() -> Tree:
    return build_tree()


def names(people: set[int], tree: Tree) -> set[str]:
    by_pk = {person.pk: given for given, person in tree.people.items()}
    return {by_pk[pk] for pk in people}


def draft_for(tree: Tree, *people: str, **kwargs: Any) -> Any:
    return message_create(
        actor=tree.user,
        title="Your post is in a proposed restructure",
        body="What is proposed, the timeline, how to respond and the support offered.",
        brief_by=BRIEF_BY,
        whole_partnership=False,
        people=[tree[name] for name in people],
        **kwargs,
    )


def leave(person: StaffMember) -> None:
    person.is_active = False
    person.save()


# Messages for named people


def test_named_people_and_their_nearest_managers_are_the_audience(tree: Tree) -> None:
    message = draft_for(tree, "Pat", "Sam")

    audience = {member.staff_id: member.manager_id for member in message_audience(message)}

    # Pat and Sam, and their managers Tia and Ted; each briefed by their own manager.
    assert names(set(audience), tree) == {"Pat", "Sam", "Tia", "Ted"}
    assert audience[tree["Pat"].pk] == tree["Tia"].pk
    assert audience[tree["Sam"].pk] == tree["Ted"].pk
    assert audience[tree["Tia"].pk] == tree["Mo"].pk
    assert audience[tree["Ted"].pk] == tree["Meg"].pk


def test_publishing_fixes_the_named_audience_and_gives_each_briefer_a_task(tree: Tree) -> None:
    message = message_publish(actor=tree.user, message=draft_for(tree, "Pat", "Pip", "Sam"))

    recipients = set(Recipient.objects.filter(message=message).values_list("staff_id", flat=True))
    tasks = set(CascadeTask.objects.filter(message=message).values_list("manager_id", flat=True))
    assert names(recipients, tree) == {"Pat", "Pip", "Sam", "Tia", "Ted"}
    # Tia briefs Pat and Pip, Ted briefs Sam; Mo briefs Tia and Meg briefs Ted.
    assert names(tasks, tree) == {"Tia", "Ted", "Mo", "Meg"}
    assert message.status == MessageStatus.PUBLISHED


def test_a_manager_no_longer_in_post_is_passed_over_for_the_next_one_up(tree: Tree) -> None:
    leave(tree["Tia"])

    audience = {m.staff_id: m.manager_id for m in message_audience(draft_for(tree, "Pat"))}

    assert names(set(audience), tree) == {"Pat", "Mo"}
    assert audience[tree["Pat"].pk] == tree["Mo"].pk
    assert audience[tree["Mo"].pk] == tree["Hana"].pk


def test_a_named_person_no_longer_in_post_is_left_out_with_their_manager(tree: Tree) -> None:
    leave(tree["Pam"])

    audience = {m.staff_id for m in message_audience(draft_for(tree, "Pam", "Sue"))}

    assert names(audience, tree) == {"Sue", "Ted"}


def test_a_head_of_agency_named_has_no_manager_and_is_briefed_on_publishing(tree: Tree) -> None:
    message = message_publish(actor=tree.user, message=draft_for(tree, "Hana"))

    [recipient] = Recipient.objects.filter(message=message)
    assert recipient.staff == tree["Hana"]
    assert recipient.manager is None
    assert recipient.briefed_at is not None
    assert not CascadeTask.objects.filter(message=message).exists()


def test_named_people_join_chosen_groups_and_levels_do_not_narrow_them(tree: Tree) -> None:
    message = draft_for(tree, "Pat", teams=[tree.family], levels=[4])

    audience = {m.staff_id for m in message_audience(message)}

    # Level 4 of Family support (Sam, Sue), and Pat with her manager Tia (level 3).
    assert names(audience, tree) == {"Sam", "Sue", "Pat", "Tia"}


def test_the_page_counting_a_named_audience_beforehand_agrees_with_publishing(tree: Tree) -> None:
    before = named_people_audience([tree["Pat"].pk, tree["Pam"].pk, tree["Pat"].pk])
    message = message_publish(actor=tree.user, message=draft_for(tree, "Pat", "Pam"))

    assert {(m.staff_id, m.manager_id) for m in before} == set(
        Recipient.objects.filter(message=message).values_list("staff_id", "manager_id")
    )


def test_people_count_as_an_audience_and_no_one_at_all_is_refused(tree: Tree) -> None:
    assert draft_for(tree, "Pat").people.count() == 1

    with pytest.raises(ValidationError) as refused:
        draft_for(tree)
    assert refused.value.message_dict["whole_partnership"] == [
        "Choose the agencies, localities, teams or people the message is for, or send it to "
        "the whole partnership"
    ]


def test_a_message_to_the_whole_partnership_keeps_no_named_people(tree: Tree) -> None:
    message = message_create(
        actor=tree.user,
        title="To everyone",
        body="Everyone.",
        brief_by=BRIEF_BY,
        people=[tree["Pat"]],
    )

    assert message.whole_partnership
    assert not message.people.exists()
    assert len(message_audience(message)) == len(tree.people) - 1  # not Hal, who wrote it


def test_publishing_refuses_when_no_one_named_is_in_post(tree: Tree) -> None:
    draft = draft_for(tree, "Pat")
    leave(tree["Pat"])

    with pytest.raises(ValidationError, match="none of the people named is still in post"):
        message_publish(actor=tree.user, message=draft)
    assert not Recipient.objects.exists()


def test_the_author_changes_the_people_of_a_draft_and_no_one_else(tree: Tree) -> None:
    draft = draft_for(tree, "Pat")

    message_update(actor=tree.user, message=draft, people=[tree["Sam"], tree["Sue"]])
    assert set(draft.people.all()) == {tree["Sam"], tree["Sue"]}
    event = AuditEvent.objects.filter(object_id=str(draft.pk)).latest("sequence")
    assert event.details["changed"] == ["people"]

    other = UserFactory(role=Role.STRATEGIC_LEAD)
    tree["Hana"].user = other
    tree["Hana"].save()
    with pytest.raises(PermissionDenied):
        message_update(actor=other, message=draft, people=[tree["Pat"]])
    with pytest.raises(PermissionDenied):
        message_create(
            actor=user_for(tree["Pip"]),
            title="Not mine to send",
            body="No.",
            brief_by=BRIEF_BY,
            whole_partnership=False,
            people=[tree["Pat"]],
        )
    assert set(draft.people.all()) == {tree["Sam"], tree["Sue"]}


def test_the_audience_is_described_with_the_number_named_not_their_names(tree: Tree) -> None:
    two = message_for_sender(draft_for(tree, "Pat", "Sam").pk)
    one = message_for_sender(draft_for(tree, "Pat", teams=[tree.family], levels=[4]).pk)
    assert two is not None
    assert one is not None

    assert message_audience_description(two) == "2 named people and their managers"
    assert message_audience_description(one) == (
        "Teams: Family support team (management level 4 only); 1 named person and their manager"
    )


def test_the_draft_page_and_its_form_keep_the_named_people(tree: Tree) -> None:
    draft = draft_for(tree, "Pat", "Sam")
    client = Client()
    client.force_login(tree.user)

    detail = client.get(reverse("voice:cascade_message_detail", args=[draft.pk]))
    assert "2 named people and their managers" in detail.content.decode()
    form_page = client.get(reverse("voice:cascade_message_update", args=[draft.pk]))
    assert "It is also for 2 named people" in form_page.content.decode()

    saved = client.post(
        reverse("voice:cascade_message_update", args=[draft.pk]),
        {
            "title": "Changed title",
            "kind": "change_update",
            "body": draft.body,
            **date_parts("brief_by", BRIEF_BY),
            "audience": "chosen",
        },
    )

    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Changed title"
    assert set(draft.people.all()) == {tree["Pat"], tree["Sam"]}


# Survey rounds for named people


@pytest.fixture
def named_round(tree: Tree) -> SurveyRound:
    """A wellbeing round open today for Pat, Pip and Sam."""
    survey = make_survey(template="wellbeing_check", title="Wellbeing: Duty restructure")
    return survey_round_open_for_staff(
        actor=survey_lead(), survey=survey, staff=[tree["Pat"], tree["Pip"], tree["Sam"]]
    )


def test_a_round_for_named_people_invites_them_and_counts_them(
    tree: Tree, named_round: SurveyRound
) -> None:
    assert named_round.invited == 3
    assert set(named_round.invited_staff.all()) == {tree["Pat"], tree["Pip"], tree["Sam"]}
    event = AuditEvent.objects.filter(object_type="voice.surveyround").get()
    assert event.details["invited"] == 3
    assert event.details["named_people_only"] is True


def test_a_round_for_named_people_leaves_out_those_not_in_post_and_duplicates(
    tree: Tree,
) -> None:
    leave(tree["Pip"])
    survey = make_survey(template="wellbeing_check")

    survey_round = survey_round_open_for_staff(
        actor=survey_lead(), survey=survey, staff=[tree["Pat"], tree["Pip"], tree["Pat"]]
    )

    assert survey_round.invited == 1
    assert list(survey_round.invited_staff.all()) == [tree["Pat"]]


def test_a_round_for_no_one_is_refused_and_nothing_is_written(tree: Tree) -> None:
    survey = make_survey(template="wellbeing_check")
    leave(tree["Pat"])

    with pytest.raises(ValidationError, match="Name the people the round is for"):
        survey_round_open_for_staff(actor=survey_lead(), survey=survey, staff=[])
    with pytest.raises(ValidationError, match="None of the people named is still working"):
        survey_round_open_for_staff(actor=survey_lead(), survey=survey, staff=[tree["Pat"]])
    assert not SurveyRound.objects.exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.AUDITOR])
def test_only_those_who_run_surveys_open_a_round_for_named_people(tree: Tree, role: str) -> None:
    survey = make_survey(template="wellbeing_check")

    with pytest.raises(PermissionDenied, match="open survey rounds"):
        survey_round_open_for_staff(
            actor=UserFactory(role=role), survey=survey, staff=[tree["Pat"]]
        )
    assert not SurveyRound.objects.exists()


def test_a_round_for_named_people_waits_only_for_them(tree: Tree, named_round: SurveyRound) -> None:
    everyone = make_survey(title="Everyone's pulse")
    open_to_all = survey_round_open(actor=survey_lead(), survey=everyone)

    assert survey_rounds_to_answer(tree["Pat"]) == [named_round, open_to_all]
    assert survey_rounds_to_answer(tree["Tia"]) == [open_to_all]
    assert survey_rounds_to_answer(tree["Vic"]) == [open_to_all]


def test_someone_not_named_cannot_answer_and_nothing_is_recorded(
    tree: Tree, named_round: SurveyRound
) -> None:
    tia = user_for(tree["Tia"])

    with pytest.raises(PermissionDenied) as refused:
        survey_answer(
            actor=tia, survey_round=named_round, answers=likert_answers(named_round.survey)
        )

    assert str(refused.value) == access.NOT_INVITED
    assert "you are not one of them" in access.NOT_INVITED
    assert not SurveyParticipation.objects.exists()


def test_those_named_answer_once(tree: Tree, named_round: SurveyRound) -> None:
    pat = user_for(tree["Pat"])

    survey_answer(actor=pat, survey_round=named_round, answers=likert_answers(named_round.survey))

    assert SurveyParticipation.objects.get().staff == tree["Pat"]
    assert survey_rounds_to_answer(tree["Pat"]) == []


def test_the_answer_page_tells_someone_not_named_why_and_the_list_leaves_the_round_out(
    tree: Tree, named_round: SurveyRound
) -> None:
    outsider, named = Client(), Client()
    outsider.force_login(user_for(tree["Tia"]))
    named.force_login(user_for(tree["Pat"]))
    url = reverse("voice:survey_answer", args=[named_round.survey_id, named_round.number])

    refused = outsider.get(url)
    assert refused.status_code == 403
    assert access.NOT_INVITED in refused.content.decode()
    assert outsider.post(url, likert_answers(named_round.survey)).status_code == 403
    assert url not in outsider.get(reverse("voice:survey_list")).content.decode()

    assert named.get(url).status_code == 200
    assert url in named.get(reverse("voice:survey_list")).content.decode()
    assert not SurveyParticipation.objects.exists()


def test_the_survey_page_marks_a_round_for_named_people(named_round: SurveyRound) -> None:
    client = Client()
    client.force_login(survey_lead())

    page = client.get(reverse("voice:survey_detail", args=[named_round.survey_id]))

    assert "(named people only)" in page.content.decode()


def test_a_named_round_repeats_for_those_of_its_people_still_in_post(tree: Tree) -> None:
    survey = make_survey(template="wellbeing_check", repeat_every_days=28)
    first = survey_round_open_for_staff(
        actor=survey_lead(), survey=survey, staff=[tree["Pat"], tree["Sam"]], today=TODAY
    )
    leave(tree["Sam"])

    [second] = survey_rounds_open_due(today=TODAY + datetime.timedelta(days=28))

    assert second.number == first.number + 1
    assert (second.invited, list(second.invited_staff.all())) == (1, [tree["Pat"]])


def test_a_named_round_with_no_one_left_in_post_does_not_repeat(tree: Tree) -> None:
    survey = make_survey(template="wellbeing_check", repeat_every_days=28)
    survey_round_open_for_staff(
        actor=survey_lead(), survey=survey, staff=[tree["Pat"]], today=TODAY
    )
    leave(tree["Pat"])

    assert survey_rounds_open_due(today=TODAY + datetime.timedelta(days=28)) == []


# Results: the same rules as any round's


def named_closed_round(invited: int) -> SurveyRound:
    survey = make_survey(template="wellbeing_check")
    return make_round(survey, invited=invited)  # closed before today


def test_a_named_round_below_the_minimum_shows_nothing() -> None:
    survey_round = named_closed_round(invited=12)
    add_responses(survey_round, 9)

    results = survey_round_results(survey_round)

    assert (results.responses, results.overall_shown, results.overall) == (9, False, ())


def test_a_named_round_at_the_minimum_shows_its_figures_and_rate_over_those_invited() -> None:
    survey_round = named_closed_round(invited=12)
    add_responses(survey_round, 10, score=4)

    results = survey_round_results(survey_round)

    assert results.overall_shown
    assert results.response_percent == 83  # 10 of the 12 invited
    assert {score.theme: score.agree_percent for score in results.overall} == {
        "workload": 100,
        "wellbeing": 100,
        "uncertainty": 100,
    }


def test_a_named_rounds_groups_are_suppressed_as_any_rounds_are() -> None:
    survey_round = named_closed_round(invited=25)
    add_responses(survey_round, 12, level=3)
    add_responses(survey_round, 8, level=4)

    results = survey_round_results(survey_round)

    [by_level] = [b for b in results.breakdowns if b.name == "level"]
    # Level 4 has 8 (< 10), so level 3's 12 would give it away as 20 - 12: both are hidden.
    assert [(g.label, g.shown) for g in by_level.groups] == [
        ("Level 3", False),
        ("Level 4", False),
    ]
