"""Staff-voice figures in the plan go only to those the staff voice shows them to: a measure
from feedback answered on time (and the change programme's evidence from the staff voice) is
shown with its figure and status to strategic leads and administrators, and withheld, in the
same words everywhere, from every other role: on the measures list, a measure's page, the plan
page, an objective's page, the CSV and the change programme."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.core.permissions import Capability
from childtrust.strategy import access
from childtrust.strategy.models import Direction, Measure, MeasureSource
from childtrust.strategy.selectors import measures as selectors
from childtrust.strategy.selectors.measures import WITHHELD_WORDS, TrajectoryStatus
from childtrust.strategy.selectors.stage_evidence import stage_evidence
from tests.conftest import ALL_ROLES
from tests.factories import AnsweredFeedbackFactory
from tests.strategy.factories_change import MeetingFactory
from tests.strategy.factories_measures import Setting, measure, plan_with_objective, reading

pytestmark = pytest.mark.django_db

#: The roles the staff voice shows its reach, results and response times to.
SEE_STAFF_VOICE = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.WORKFORCE_MANAGER}
TITLE = "Feedback answered in time"
# What only a viewer of the figure would read: its source sentence and its judgement.
FIGURE_SOURCE = "3 of 4 responses given within their target time"


@pytest.fixture
def setting() -> Setting:
    return plan_with_objective()


@pytest.fixture
def voice_measure(setting: Setting) -> Measure:
    """Feedback answered on time, 3 of 4 (75%), against a 2026-27 target of 90%: off
    trajectory, and better than its baseline of 50%."""
    today = timezone.localdate()
    AnsweredFeedbackFactory.create_batch(3)
    AnsweredFeedbackFactory(
        raised_on=today - datetime.timedelta(days=40),
        respond_by=today - datetime.timedelta(days=26),
    )
    return measure(
        setting.objective,
        title=TITLE,
        direction=Direction.HIGHER,
        baseline=50.0,
        targets=(90.0, 91.0, 92.0, 93.0, 94.0),
        source=MeasureSource.FEEDBACK_ON_TIME,
    )


def page(client: Client, name: str, *args: int) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_access_rule_asks_the_staff_voice_for_each_kind_of_figure() -> None:
    class OnlyStaffVoice:
        """A holder of the survey results' and response times' capability, not reach's."""

        is_authenticated = True

        def has_perm(self, perm: str, obj: object = None) -> bool:  # noqa: ARG002
            return perm == Capability.VIEW_STAFF_VOICE

    holder = OnlyStaffVoice()

    assert access.can_see_staff_voice_figures(holder, MeasureSource.SURVEY_THEME)
    assert access.can_see_staff_voice_figures(holder, MeasureSource.FEEDBACK_ON_TIME)
    assert not access.can_see_staff_voice_figures(holder, MeasureSource.MESSAGE_REACH)
    assert not access.can_see_staff_voice_figures(holder)
    assert access.can_see_staff_voice_figures(None, MeasureSource.MANUAL)
    assert not access.can_see_staff_voice_figures(None, MeasureSource.FEEDBACK_ON_TIME)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_one_function_withholds_a_staff_voice_figure_by_role(
    voice_measure: Measure, role: str, user_with_role: Callable[[str], User]
) -> None:
    plan = voice_measure.objective.plan
    row = next(r for r in selectors.measures_progress(plan, timezone.localdate()))

    seen = selectors.progress_for_viewer(row, user_with_role(role))

    if role in SEE_STAFF_VOICE:
        assert seen == row
        assert seen.actual is not None
        assert seen.actual.value == 75
        assert seen.status == TrajectoryStatus.OFF_TRAJECTORY
    else:
        assert seen.withheld
        assert (seen.actual, seen.target, seen.improving) == (None, None, None)
        assert seen.status == TrajectoryStatus.NOT_SHOWN
        assert seen.status_reason == f"{WITHHELD_WORDS}."
        assert seen.measure == row.measure  # title, baseline and trajectory still there


def test_a_figure_entered_by_hand_is_shown_to_everyone(
    setting: Setting, user_with_role: Callable[[str], User]
) -> None:
    manual = measure(setting.objective)
    reading(manual, 3.7, datetime.date(2026, 6, 30))
    row = selectors.measures_progress(setting.plan, timezone.localdate())[0]

    seen = selectors.progress_for_viewer(row, user_with_role(Role.PRACTITIONER))

    assert seen == row
    assert not seen.withheld


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_measures_pages_show_the_figure_only_to_those_who_may_see_it(
    voice_measure: Measure, role: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    objective = voice_measure.objective

    texts = {
        "list": page(client, "strategy:measures"),
        "measure": page(client, "strategy:measure", voice_measure.pk),
        "objective": page(client, "strategy:objective", objective.pk),
    }

    for where, text in texts.items():
        assert TITLE in text, where
        if role in SEE_STAFF_VOICE:
            assert "75 per 1,000" in text, where
            assert WITHHELD_WORDS not in text, where
            assert "Off trajectory</strong>" in text, where
        else:
            assert "75 per 1,000" not in text, where
            assert WITHHELD_WORDS in text, where
            assert "Off trajectory</strong>" not in text, where
            assert "Not shown</strong>" in text, where
    measure_text = texts["measure"]
    # The plan's published targets stay on the measure's page for everyone.
    assert "90 per 1,000" in measure_text
    assert "50 per 1,000" in measure_text
    assert (FIGURE_SOURCE in measure_text) == (role in SEE_STAFF_VOICE)
    assert ("Better than the baseline" in measure_text) == (role in SEE_STAFF_VOICE)


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.STRATEGIC_LEAD])
def test_the_list_orders_after_withholding_so_the_order_says_nothing(
    voice_measure: Measure, role: str, client_for: Callable[[str], Client]
) -> None:
    on = measure(voice_measure.objective, title="On its way")
    reading(on, 3.7, datetime.date(2026, 6, 30))

    text = page(client_for(role), "strategy:measures")

    if role == Role.STRATEGIC_LEAD:  # off trajectory first
        assert text.index(TITLE) < text.index("On its way")
        assert "1 off trajectory" in text
    else:  # not shown, last; and not counted as off
        assert text.index("On its way") < text.index(TITLE)
        assert "0 off trajectory" in text


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_plan_page_lists_it_as_off_trajectory_only_to_those_who_may_see_it(
    voice_measure: Measure, role: str, client_for: Callable[[str], Client]
) -> None:
    text = page(client_for(role), "strategy:plan")
    listed = text.split("Measures off trajectory", 1)[1].split("All measures", 1)[0]

    if role in SEE_STAFF_VOICE:
        assert TITLE in listed
        assert "75 per 1,000" in listed
        assert WITHHELD_WORDS.lower() not in listed
    else:
        assert TITLE not in listed
        assert "75 per 1,000" not in text
        assert "No measure is off trajectory." in listed
        assert WITHHELD_WORDS.lower() in listed


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.STRATEGIC_LEAD])
def test_the_csv_withholds_the_figure_from_those_who_may_not_see_it(
    voice_measure: Measure, role: str, client_for: Callable[[str], Client]
) -> None:
    response = client_for(role).get(reverse("strategy:measures_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["Measure"] == TITLE)

    if role == Role.STRATEGIC_LEAD:
        assert (row["Actual"], row["Status"]) == ("75", "off trajectory")
        assert FIGURE_SOURCE in row["Figure's source"]
    else:
        assert (row["Actual"], row["Target for the actual's year"]) == ("", "")
        assert row["Status"] == "not shown"
        assert row["How it was judged"] == f"{WITHHELD_WORDS}."
        assert row["Figure's source"] == ""
        assert row["Baseline"] == "50"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_change_programme_shows_staff_voice_evidence_only_to_those_who_may_see_it(
    voice_measure: Measure, role: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    meeting = MeetingFactory()

    for text in (
        page(client, "strategy:change_programme"),
        page(client, "strategy:stage_ratings", meeting.pk),
    ):
        if role in SEE_STAFF_VOICE:
            assert "3 of 4 pieces of feedback answered (75%) were answered on time" in text
            assert WITHHELD_WORDS not in text
        else:
            assert "were answered on time" not in text
            assert "No message has been cascaded" not in text
            assert text.count(WITHHELD_WORDS) == 3  # reach, survey scores and feedback
            # The rules are still stated.
            assert "From the staff feedback loop" in text


def test_measures_improving_leaves_out_a_figure_the_viewer_may_not_see(
    voice_measure: Measure, user_with_role: Callable[[str], User]
) -> None:
    plan = voice_measure.objective.plan

    def wins(role: str) -> str:
        evidence = stage_evidence(plan, timezone.localdate(), user_with_role(role))
        return next(e for e in evidence if e.stage == 6).pieces[1].finding

    assert wins(Role.STRATEGIC_LEAD) == (
        f"1 of 1 measure with an actual is improving on its baseline: {TITLE}."
    )
    assert wins(Role.PRACTITIONER) == "No measure has an actual figure yet."
