"""The demo plan's measures and check-ins as `childtrust load_demo` leaves them: every objective
with measures, each with a target for every year of the plan, from the two outcome indicators,
staff voice, feedback answered on time, the workforce's turnover and figures by hand; on and
off trajectory, one indicator's interval spanning its target; three check-ins per objective for
the three months before this one; and the pages read with the demo accounts."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.demo.plan import TITLES
from childtrust.strategy.models import CheckIn, Measure, MeasureReading, MeasureSource, Objective
from childtrust.strategy.selectors.measures import (
    STAFF_VOICE_SOURCES,
    WITHHELD_WORDS,
    MeasureProgress,
    TrajectoryStatus,
    measures_progress,
)
from childtrust.strategy.selectors.plan import plan_current

pytestmark = pytest.mark.django_db

TOOTH = "School sessions missed for tooth extraction under general anaesthetic"
MENTAL = "Hospital admissions for mental health conditions (under 18s) per 100,000"


def _progress() -> list[MeasureProgress]:
    plan = plan_current()
    assert plan is not None
    return measures_progress(plan, timezone.localdate())


def _months_before_this_one(count: int) -> list[datetime.date]:
    months = [timezone.localdate().replace(day=1)]
    for _ in range(count):
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return months[1:]


def test_every_objective_has_measures_with_a_target_for_every_year_of_the_plan() -> None:
    plan = plan_current()
    assert plan is not None
    objectives = Objective.objects.filter(plan=plan)
    assert {o.title for o in objectives} == set(TITLES)
    for objective in objectives:
        assert objective.measures.exists(), objective.title
    years = list(range(plan.start_year, plan.end_year + 1))
    assert years == [2026, 2027, 2028, 2029, 2030]
    for measure in Measure.objects.filter(objective__plan=plan).prefetch_related("targets"):
        targets = {t.year: t.value for t in measure.targets.all()}
        assert sorted(targets) == years, measure.title
        for value in targets.values():
            # Every target on the right side of the baseline, or the same.
            if measure.direction == "lower":
                assert value <= measure.baseline, measure.title
            else:
                assert value >= measure.baseline, measure.title


def test_the_measures_come_from_the_indicators_staff_voice_feedback_and_by_hand() -> None:
    measures = list(Measure.objects.select_related("indicator", "message", "survey"))
    indicators = {m.indicator.name for m in measures if m.indicator}
    assert {TOOTH, MENTAL} <= indicators
    sources = {m.source for m in measures}
    assert MeasureSource.FEEDBACK_ON_TIME in sources
    assert sources & {MeasureSource.MESSAGE_REACH, MeasureSource.SURVEY_THEME}
    by_hand = [m for m in measures if m.source == MeasureSource.MANUAL]
    with_readings = [m for m in by_hand if m.readings.exists()]
    assert len(with_readings) >= 3
    readings = MeasureReading.objects.all()
    assert readings.exists()
    assert all("demonstration figures" in r.source for r in readings)
    assert all(r.measured_on <= timezone.localdate() for r in readings)


def test_statuses_are_mixed_with_an_indicators_interval_spanning_its_target() -> None:
    rows = _progress()
    statuses = [row.status for row in rows]
    assert TrajectoryStatus.ON_TRAJECTORY in statuses
    assert TrajectoryStatus.OFF_TRAJECTORY in statuses
    spanning = [
        row
        for row in rows
        if row.measure.source == MeasureSource.INDICATOR
        and row.actual is not None
        and row.actual.lower is not None
        and row.actual.upper is not None
        and row.target is not None
        and row.actual.lower <= row.target <= row.actual.upper
    ]
    assert spanning
    for row in spanning:
        assert row.status == TrajectoryStatus.ON_TRAJECTORY
        assert "includes" in row.status_reason
    # Every source kind's measure has its figure, bar the one by hand still waiting for one.
    for row in rows:
        if row.measure.source != MeasureSource.MANUAL:
            assert row.actual is not None, row.measure.title


def test_the_social_worker_turnover_rate_comes_from_the_workforce_census() -> None:
    """The workforce demo's turnover is about 16%: the latest census's figure, in the financial
    year the census falls in, judged against that year's target directly (no interval)."""
    (row,) = [row for row in _progress() if row.measure.source == MeasureSource.WORKFORCE]
    assert (row.measure.title, row.measure.unit) == ("Social worker turnover rate", "%")
    assert row.actual is not None
    assert row.actual.period.startswith("census of 30 September ")
    assert row.actual.year == int(row.actual.period[-4:])
    assert 10 < row.actual.value < 25
    assert (row.actual.lower, row.actual.upper) == (None, None)
    assert row.status in {TrajectoryStatus.ON_TRAJECTORY, TrajectoryStatus.OFF_TRAJECTORY}


def test_off_trajectory_measures_come_from_figures_by_hand_and_staff_voice() -> None:
    off = {row.measure.source for row in _progress() if row.status == "off trajectory"}
    assert MeasureSource.MANUAL in off
    assert off & {MeasureSource.MESSAGE_REACH, MeasureSource.FEEDBACK_ON_TIME}


def test_three_check_ins_per_objective_for_the_three_months_before_this_one() -> None:
    months = _months_before_this_one(3)
    lead = User.objects.get(username="strategiclead")
    for objective in Objective.objects.select_related("owner__user"):
        check_ins = list(objective.check_ins.order_by("-month"))
        assert [c.month for c in check_ins] == months, objective.title
        expected = objective.owner.user or lead
        for check_in in check_ins:
            assert check_in.recorded_by == expected
            assert 1 <= check_in.confidence <= 5
            assert "Demonstration" in check_in.happened
            assert check_in.recorded_at <= timezone.now()
    # The demo accounts record their own objectives' check-ins.
    recorders = {c.recorded_by.username for c in CheckIn.objects.all() if c.recorded_by}
    assert {"strategiclead", "teammanager"} <= recorders


def test_the_load_is_audited_and_counted() -> None:
    for label in ("strategy.measure", "strategy.measuretarget", "strategy.checkin"):
        event = AuditEvent.objects.get(object_type=label, action=AuditAction.CREATE)
        assert event.details["source"] == "demo data"
    assert Measure.objects.count() >= 5
    assert CheckIn.objects.count() == 3 * Objective.objects.count()


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ["practitioner", "strategiclead", "teammanager", "auditor"])
def test_the_measures_pages_show_for_the_demo_users(username: str) -> None:
    client = _client(username)
    page = client.get("/plan/measures/").content.decode()
    assert "Off trajectory" in page or "off trajectory" in page
    assert "Staff feedback answered on time" in page
    indicator = Measure.objects.get(indicator__name=TOOTH)
    response = client.get(f"/plan/measures/{indicator.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert "includes the baseline" in page
    objective = Objective.objects.get(title="Every child in school and learning")
    page = client.get(f"/plan/objectives/{objective.pk}/check-ins/").content.decode()
    assert "Persistent absence down to 19.8% this term." in page


def test_the_team_manager_records_this_months_check_in_on_their_own_objective() -> None:
    client = _client("teammanager")
    objective = Objective.objects.get(owner__user__username="teammanager")
    form = client.get(f"/plan/objectives/{objective.pk}/check-ins/new/")
    assert form.status_code == 200
    other = Objective.objects.exclude(owner__user__username="teammanager").first()
    assert other is not None
    assert client.get(f"/plan/objectives/{other.pk}/check-ins/new/").status_code == 403

    # Last month's is in the demo already; this month's is still to be recorded.
    last_month = _months_before_this_one(1)[0]
    data = {"confidence": "4", "happened": "Attendance up again."}
    refused = client.post(form.request["PATH_INFO"], {**data, "month": last_month.isoformat()})
    assert "has already been recorded" in refused.content.decode()
    this_month = timezone.localdate().replace(day=1)
    done = client.post(form.request["PATH_INFO"], {**data, "month": this_month.isoformat()})
    assert done.status_code == 302
    assert objective.check_ins.filter(month=this_month).exists()


def test_the_plan_page_lists_the_measures_off_trajectory() -> None:
    page = _client("strategiclead").get("/plan/").content.decode()
    off = [row for row in _progress() if row.status == TrajectoryStatus.OFF_TRAJECTORY]
    assert off
    for row in off:
        assert row.measure.title in page


@pytest.mark.parametrize("username", ["practitioner", "teammanager", "strategiclead"])
def test_the_staff_voice_measures_figures_only_for_those_who_may_see_them(username: str) -> None:
    voice = [row for row in _progress() if row.measure.source in STAFF_VOICE_SOURCES]
    assert voice
    assert all(row.actual is not None for row in voice)
    client = _client(username)
    sees = username == "strategiclead"

    pages = {
        "list": client.get("/plan/measures/").content.decode(),
        "plan": client.get("/plan/").content.decode(),
        "csv": client.get("/plan/measures.csv").content.decode(),
    }
    for row in voice:
        assert row.actual is not None
        measure_page = client.get(f"/plan/measures/{row.measure.pk}/").content.decode()
        assert row.measure.title in measure_page
        assert (row.actual.source in measure_page) is sees, row.measure.title
        assert (row.actual.source in pages["csv"]) is sees, row.measure.title
    assert (f"{WITHHELD_WORDS}." in pages["list"]) is not sees
    assert (f"{WITHHELD_WORDS}." in pages["csv"]) is not sees
    assert ("are not listed here" in pages["plan"]) is not sees
