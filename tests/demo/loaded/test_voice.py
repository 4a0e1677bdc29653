"""The demo's staff voice as `childtrust load_demo` leaves it: messages at several stages of
their cascade, two rounds of the pulse survey, and feedback with responses."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db import models
from django.utils import timezone

from childtrust.audit.integrity import verify_chain
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.calendar import add_working_days
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_levels
from childtrust.voice import models as v
from childtrust.voice.selectors.cascade import message_audience
from childtrust.voice.selectors.feedback import (
    feedback_agency_head,
    feedback_open_past_target,
    feedback_partnership_agency,
    feedback_raised_by,
    feedback_to_answer,
)
from childtrust.voice.selectors.reach import REACHED
from childtrust.voice.selectors.survey_results import survey_round_results
from childtrust.voice.selectors.survey_trends import survey_trends
from childtrust.workforce.models import Restructure
from tests.demo.loaded.loading import LoadedDemo
from tests.demo.voice_moments import moments_after

VOICE_KINDS = {
    "voice.message", "voice.messagecorrection", "voice.checkquestion", "voice.recipient",
    "voice.cascadetask", "voice.acknowledgement", "voice.messagequestion", "voice.survey",
    "voice.surveyquestion", "voice.surveyround", "voice.surveyparticipation",
    "voice.surveyresponse", "voice.surveyanswer", "voice.feedback", "voice.feedbackreach",
}  # fmt: skip


@pytest.fixture
def loaded(demo_partnership: LoadedDemo) -> str:
    """What the command printed when it loaded the demo partnership."""
    return demo_partnership.output


def _launched() -> Restructure:
    """The workforce demo's restructure in consultation, launched through the workforce's service:
    its cascade message and wellbeing round are staff voice's records too, made by the services
    in the strategic workforce manager's name (checked in tests/workforce/test_demo.py). The
    tests here are of staff voice's own demo, so they leave those out."""
    return Restructure.objects.select_related("survey_round").get(launched_at__isnull=False)


def _voice_demo_messages() -> models.QuerySet[v.Message]:
    return v.Message.objects.exclude(pk=_launched().message_id)


def _pulse_survey() -> v.Survey:
    launched = _launched().survey_round
    assert launched is not None
    return v.Survey.objects.exclude(pk=launched.survey_id).get()


def _message(title_start: str) -> v.Message:
    return v.Message.objects.get(title__startswith=title_start)


def _reached(message: v.Message) -> tuple[int, int]:
    recipients = v.Recipient.objects.filter(message=message)
    reached = recipients.filter(REACHED).count()
    return reached, recipients.count()


# --- The command -------------------------------------------------------------------------------


def test_load_demo_says_what_staff_voice_it_loaded_on_the_same_line(loaded: str) -> None:
    assert len(loaded.splitlines()) == 1
    assert "4 messages" in loaded
    assert "1 survey," in loaded
    assert "13 feedback," in loaded


# --- Messages --------------------------------------------------------------------------------


def test_recipients_and_tasks_follow_the_cascades_own_rules(loaded: str) -> None:
    """Recipients are the message's audience as the cascade computes it; heads of agencies are
    briefed at publication; each manager with recipients among their direct reports has a task
    due on the message's date; a briefed recipient was briefed when their manager recorded it."""
    for message in _voice_demo_messages():
        audience = {
            m.staff_id: (m.manager_id, m.level, m.agency_id, m.team_id, m.locality_id)
            for m in message_audience(message)
        }
        recipients = list(v.Recipient.objects.filter(message=message))
        assert {
            r.staff_id: (r.manager_id, r.level, r.agency_id, r.team_id, r.locality_id)
            for r in recipients
        } == audience, message.title
        heads = [r for r in recipients if r.manager_id is None]
        assert heads
        assert all(r.briefed_at == message.published_at for r in heads)
        tasks = {t.manager_id: t for t in v.CascadeTask.objects.filter(message=message)}
        assert set(tasks) == {r.manager_id for r in recipients if r.manager_id is not None}
        assert {t.due_on for t in tasks.values()} == {message.brief_by}
        for recipient in recipients:
            if recipient.manager_id is not None:
                assert recipient.briefed_at == tasks[recipient.manager_id].briefed_at


def test_the_shared_vision_is_fully_cascaded(loaded: str) -> None:
    message = _message("Our shared vision")
    reached, total = _reached(message)
    assert reached == total >= 280
    assert not v.CascadeTask.objects.filter(message=message, briefed_at__isnull=True).exists()
    assert message.brief_by < timezone.localdate()


def test_locality_working_is_part_way_with_several_managers_stalled_past_the_date(
    loaded: str,
) -> None:
    message = _message("Locality working")
    today = timezone.localdate()
    stalled = v.CascadeTask.objects.filter(message=message, briefed_at__isnull=True)
    assert stalled.count() >= 3
    assert all(task.due_on < today for task in stalled)
    assert all(task.reminded_at and task.escalated_at and task.escalated_to_id for task in stalled)
    reached, total = _reached(message)
    assert 0.5 * total < reached < total
    unreached = v.Recipient.objects.filter(message=message, briefed_at__isnull=True)
    assert set(unreached.values_list("manager_id", flat=True)) == set(
        stalled.values_list("manager_id", flat=True)
    )
    assert v.MessageQuestion.objects.filter(message=message, answered_at__isnull=True).exists()


def test_the_mash_rota_change_has_just_been_published_to_two_agencies(loaded: str) -> None:
    message = _message("Changes to the MASH rota")
    assert set(message.agencies.values_list("slug", flat=True)) == {
        "childrens-services",
        "police-ppu",
    }
    assert not message.whole_partnership
    assert message.brief_by > timezone.localdate()
    assert not v.CascadeTask.objects.filter(message=message, briefed_at__isnull=False).exists()
    briefed = v.Recipient.objects.filter(message=message, briefed_at__isnull=False)
    assert set(briefed.values_list("level", flat=True)) == {1}
    assert timezone.now() - message.published_at < datetime.timedelta(days=1)  # type: ignore[operator]


def test_the_new_assessment_form_is_at_version_two_and_asks_everyone_to_confirm_again(
    loaded: str,
) -> None:
    message = _message("Early help assessment")
    assert message.version == 2
    assert message.version_published_at
    assert message.published_at
    assert message.version_published_at > message.published_at
    acknowledged = Counter(
        v.Acknowledgement.objects.filter(message=message, answered_correctly=True).values_list(
            "version", flat=True
        )
    )
    assert acknowledged[1] > acknowledged[2] > 0
    understood = v.Recipient.objects.filter(message=message, understood_at__isnull=False)
    assert understood.count() == acknowledged[2]
    assert all(r.understood_at >= message.version_published_at for r in understood)  # type: ignore[operator]
    # Version 2 is a correction that says why and keeps what was first sent.
    [correction] = v.MessageCorrection.objects.filter(message=message)
    assert (correction.version, correction.created_at) == (2, message.version_published_at)
    assert correction.note
    assert correction.previous_body != message.body


def test_understood_means_a_right_answer_to_the_current_version_when_it_was_given(
    loaded: str,
) -> None:
    for message in v.Message.objects.prefetch_related("check_questions"):
        right = [q.correct_choice for q in message.check_questions.all()]
        confirmed = {
            a.staff_id: a
            for a in v.Acknowledgement.objects.filter(
                message=message, version=message.version, answered_correctly=True
            )
        }
        for recipient in v.Recipient.objects.filter(message=message, understood_at__isnull=False):
            acknowledgement = confirmed[recipient.staff_id]
            assert acknowledgement.confirmed_at == recipient.understood_at
            assert acknowledgement.answers == right


def test_nothing_happens_in_the_future(loaded: str) -> None:
    assert moments_after(timezone.now()) == []


# --- The pulse survey --------------------------------------------------------------------------


def test_two_closed_rounds_of_the_pulse_survey_ninety_days_apart(loaded: str) -> None:
    survey = _pulse_survey()
    assert survey.title == "Pulse: staff through change"
    assert survey.repeat_every_days == 90
    rounds = list(survey.rounds.order_by("number"))
    assert [r.number for r in rounds] == [1, 2]
    assert (rounds[1].opens_on - rounds[0].opens_on).days == 90
    assert all(r.closes_on < timezone.localdate() for r in rounds)
    for survey_round in rounds:
        responses = survey_round.responses.count()
        assert 150 <= responses <= 250
        assert survey_round.participations.count() == responses
        assert survey_round.invited == StaffMember.objects.filter(is_active=True).count()


def test_round_two_is_better_on_involvement_and_clarity(loaded: str) -> None:
    trends = survey_trends(_pulse_survey())
    percents = {theme.theme: [cell.percent for cell in theme.cells] for theme in trends.themes}
    for theme in (v.SurveyTheme.INVOLVEMENT, v.SurveyTheme.CLARITY):
        first, second = percents[theme]
        assert first is not None
        assert second is not None
        assert 5 <= second - first <= 15, theme
    for theme, (first, second) in percents.items():
        if theme not in (v.SurveyTheme.INVOLVEMENT, v.SurveyTheme.CLARITY):
            assert first is not None
            assert second is not None
            assert abs(second - first) <= 3, theme


def test_some_groups_are_too_small_to_show(loaded: str) -> None:
    for survey_round in _pulse_survey().rounds.all():
        results = survey_round_results(survey_round)
        hidden = {b.name: [g.label for g in b.groups if not g.shown] for b in results.breakdowns}
        assert hidden["level"], survey_round
        assert hidden["agency"], survey_round


def test_the_order_of_responses_does_not_follow_the_order_of_who_answered(loaded: str) -> None:
    survey_round = _pulse_survey().rounds.get(number=2)
    levels = staff_levels()
    by_participation = [
        (p.staff.agency_id, levels[p.staff_id])
        for p in survey_round.participations.select_related("staff").order_by("pk")
    ]
    by_response = [(r.agency_id, r.level) for r in survey_round.responses.order_by("pk")]
    assert sorted(by_participation) == sorted(by_response)
    assert by_participation != by_response


# --- Feedback ----------------------------------------------------------------------------------


def test_feedback_with_responses_some_open_and_two_past_their_target(loaded: str) -> None:
    feedback = list(v.Feedback.objects.select_related("agency", "owner"))
    assert 10 <= len(feedback) <= 15
    published = [f for f in feedback if f.published]
    answered = [f for f in feedback if f.status == v.FeedbackStatus.RESPONDED]
    open_feedback = [f for f in feedback if f.status == v.FeedbackStatus.OPEN]
    assert len(published) >= 4
    assert len(answered) > len(published)
    assert len(open_feedback) >= 3
    assert len(feedback_open_past_target()) == 2
    assert any(f.raised_by_id is None for f in published)
    assert any(f.raised_by_id is None for f in open_feedback)


def test_feedback_is_routed_and_timed_as_the_service_would(loaded: str) -> None:
    partnership = feedback_partnership_agency()
    assert partnership is not None
    for item in v.Feedback.objects.all():
        about = item.agency or partnership
        assert item.owner == feedback_agency_head(about)
        assert item.respond_by == add_working_days(item.raised_on, 10)
        assert item.created_by_id is None
        assert item.modified_by_id is None
        if item.raised_by is not None:
            assert item.raised_by != item.owner


def test_demo_accounts_have_feedback_to_see(loaded: str) -> None:
    practitioner = StaffMember.objects.get(user__username="practitioner")
    director = StaffMember.objects.get(user__username="strategiclead")
    answered = feedback_raised_by(practitioner)
    assert any(f.status == v.FeedbackStatus.RESPONDED for f in answered)
    assert any(due.past_target for due in feedback_to_answer(director))


def test_published_responses_have_been_read_and_each_reader_counts_once(loaded: str) -> None:
    reach = v.FeedbackReach.objects.select_related("feedback")
    assert reach.exists()
    assert all(r.feedback.published and r.read_at >= r.feedback.responded_at for r in reach)  # type: ignore[operator]
    assert not v.FeedbackReach.objects.filter(feedback__published=False).exists()


# --- The audit log -----------------------------------------------------------------------------


def test_one_audit_event_per_kind_of_voice_record_and_the_chain_verifies(loaded: str) -> None:
    # Those with an actor are the workforce's launch, made through the services.
    events = AuditEvent.objects.filter(object_type__startswith="voice.", actor__isnull=True)
    assert sorted(e.object_type for e in events) == sorted(VOICE_KINDS)
    for event in events:
        assert event.action == AuditAction.CREATE
        assert event.actor_id is None
        assert event.details["source"] == "demo data"
    answers = events.get(object_type="voice.surveyanswer")
    assert (
        answers.details["count"]
        == v.SurveyAnswer.objects.exclude(response__round=_launched().survey_round).count()
    )
    assert verify_chain().ok
