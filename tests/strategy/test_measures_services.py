"""Writes to the plan's measures: who may make each one, bad input refused with every message at
once and nothing written, and the audit event of each write."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.models import Direction, Measure, MeasureReading, MeasureSource
from childtrust.strategy.services import measures as services
from childtrust.strategy.services.measures import SourceInput
from tests.conftest import ALL_ROLES
from tests.factories import MessageFactory, UserFactory
from tests.strategy.factories_measures import (
    PLAN_YEARS,
    Setting,
    indicator_with_figures,
    measure,
    plan_with_objective,
)

pytestmark = pytest.mark.django_db

KEEPERS = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN}
MANUAL = SourceInput(source=MeasureSource.MANUAL)


@pytest.fixture
def setting() -> Setting:
    return plan_with_objective()


def arguments(**changes: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "title": "School sessions lost",
        "unit": "per 1,000",
        "direction": Direction.LOWER,
        "baseline": 4.0,
        "baseline_period": "2025-26",
        "source": MANUAL,
        "targets": dict(zip(PLAN_YEARS, (3.8, 3.6, 3.4, 3.2, 3.0), strict=True)),
    }
    given.update(changes)
    return given


def events(action: str, object_type: str = "strategy.measure") -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type=object_type).order_by("sequence")
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_administrators_add_measures(setting: Setting, role: str) -> None:
    actor = UserFactory(username=f"{role}-actor", role=role)

    if role in KEEPERS:
        services.measure_create(actor=actor, objective=setting.objective, **arguments())
        assert Measure.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.measure_create(actor=actor, objective=setting.objective, **arguments())
        assert not Measure.objects.exists()


def test_a_measure_is_added_with_its_whole_trajectory_and_audited(setting: Setting) -> None:
    made = services.measure_create(actor=setting.lead, objective=setting.objective, **arguments())

    assert {t.year: t.value for t in made.targets.all()} == {
        2026: 3.8,
        2027: 3.6,
        2028: 3.4,
        2029: 3.2,
        2030: 3.0,
    }
    (event,) = events(AuditAction.CREATE)
    assert event.details["trajectory"]["2030-31"] == 3.0
    assert event.details["source"] == MeasureSource.MANUAL
    assert event.actor_id == setting.lead.pk


def test_every_problem_is_refused_at_once_and_nothing_is_written(setting: Setting) -> None:
    targets = {2026: 3.8, 2027: 3.6, 2029: 3.2, 2030: 12.0}  # 2028 missing, 2030 worse

    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            actor=setting.lead,
            objective=setting.objective,
            **arguments(
                title=" ",
                baseline=12.3,
                targets=targets | {2030: 12.4},
                source=SourceInput(source=MeasureSource.INDICATOR),
            ),
        )

    messages = refused.value.message_dict
    assert messages["title"] == ["Enter the measure's title"]
    assert messages["target_2028"] == ["Enter the target for 2028-29"]
    assert messages["target_2030"] == [
        "The 2030-31 target must be lower than the baseline of 12.3, or the same, because "
        "lower is better"
    ]
    assert messages["indicator"] == ["Choose the outcome indicator"]
    assert not Measure.objects.exists()
    assert not events(AuditAction.CREATE)


def test_a_target_below_the_baseline_is_refused_when_higher_is_better(setting: Setting) -> None:
    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            actor=setting.lead,
            objective=setting.objective,
            **arguments(
                direction=Direction.HIGHER,
                baseline=60.0,
                targets=dict(zip(PLAN_YEARS, (60, 62, 64, 66, 59.9), strict=True)),
            ),
        )

    assert list(refused.value.message_dict) == ["target_2030"]
    assert "must be higher than the baseline of 60" in refused.value.message_dict["target_2030"][0]


def test_an_indicator_without_figures_for_the_area_is_refused(setting: Setting) -> None:
    held = indicator_with_figures()
    other = indicator_with_figures(name="No local figures")
    other.data_points.exclude(area__code="E92000001").delete()

    services.measure_create(
        actor=setting.lead,
        objective=setting.objective,
        **arguments(source=SourceInput(source=MeasureSource.INDICATOR, indicator=held)),
    )
    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            actor=setting.lead,
            objective=setting.objective,
            **arguments(
                title="Another",
                source=SourceInput(source=MeasureSource.INDICATOR, indicator=other),
            ),
        )

    assert "No figures are held for “No local figures”" in str(refused.value)


def test_only_the_chosen_sources_link_is_kept(setting: Setting) -> None:
    indicator = indicator_with_figures()
    source = SourceInput(source=MeasureSource.MANUAL, indicator=indicator, survey_theme="clarity")

    made = services.measure_create(
        actor=setting.lead, objective=setting.objective, **arguments(source=source)
    )

    assert (made.indicator, made.survey_theme) == (None, "")


def test_a_draft_message_is_refused(setting: Setting) -> None:
    draft = MessageFactory()

    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            actor=setting.lead,
            objective=setting.objective,
            **arguments(source=SourceInput(source=MeasureSource.MESSAGE_REACH, message=draft)),
        )

    assert refused.value.message_dict["message"] == [
        f"“{draft.title}” has not been published: choose one that has"
    ]


def test_a_change_to_the_trajectory_is_audited_from_and_to(setting: Setting) -> None:
    made = services.measure_create(actor=setting.lead, objective=setting.objective, **arguments())
    targets = dict(zip(PLAN_YEARS, (3.9, 3.6, 3.4, 3.2, 2.5), strict=True))

    services.measure_update(
        actor=setting.lead, measure=made, **arguments(title="Sessions lost", targets=targets)
    )

    made.refresh_from_db()
    assert made.title == "Sessions lost"
    assert {t.year: t.value for t in made.targets.all()} == targets
    (event,) = events(AuditAction.UPDATE)
    assert event.details["changed"] == ["title", "trajectory"]
    assert event.details["from"]["trajectory"]["2030-31"] == 3.0
    assert event.details["to"]["trajectory"]["2030-31"] == 2.5


def test_a_refused_change_leaves_the_measure_and_its_trajectory_as_they_were(
    setting: Setting,
) -> None:
    made = services.measure_create(actor=setting.lead, objective=setting.objective, **arguments())

    with pytest.raises(ValidationError):
        services.measure_update(
            actor=setting.lead,
            measure=made,
            **arguments(title="Renamed", targets={2026: 5.0}),
        )

    made.refresh_from_db()
    assert made.title == "School sessions lost"
    assert made.targets.count() == 5
    assert not events(AuditAction.UPDATE)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_administrators_change_measures(
    setting: Setting, role: str
) -> None:
    made = measure(setting.objective)
    actor = UserFactory(username=f"{role}-actor", role=role)

    if role in KEEPERS:
        services.measure_update(actor=actor, measure=made, **arguments(title="Changed"))
    else:
        with pytest.raises(PermissionDenied):
            services.measure_update(actor=actor, measure=made, **arguments(title="Changed"))
    made.refresh_from_db()
    assert (made.title == "Changed") == (role in KEEPERS)


# --- Figures by hand ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_administrators_enter_figures(setting: Setting, role: str) -> None:
    made = measure(setting.objective)
    actor = UserFactory(username=f"{role}-actor", role=role)
    day = timezone.localdate()

    if role in KEEPERS:
        services.measure_reading_create(
            actor=actor, measure=made, value=3.5, measured_on=day, source="Census"
        )
    else:
        with pytest.raises(PermissionDenied):
            services.measure_reading_create(
                actor=actor, measure=made, value=3.5, measured_on=day, source="Census"
            )
    assert MeasureReading.objects.exists() == (role in KEEPERS)


def test_a_figure_is_entered_and_audited(setting: Setting) -> None:
    made = measure(setting.objective)
    day = timezone.localdate()

    services.measure_reading_create(
        actor=setting.lead, measure=made, value=3.5, measured_on=day, source=" School  census "
    )

    (saved,) = made.readings.all()
    assert (saved.value, saved.source, saved.recorded_by) == (3.5, "School census", setting.lead)
    (event,) = events(AuditAction.CREATE, "strategy.measurereading")
    assert event.details == {
        "measure": made.pk,
        "value": 3.5,
        "measured_on": day.isoformat(),
        "source": "School census",
    }


def test_a_bad_figure_is_refused_with_every_message(setting: Setting) -> None:
    indicator = indicator_with_figures()
    made = measure(setting.objective, source=MeasureSource.INDICATOR, indicator=indicator)

    with pytest.raises(ValidationError) as refused:
        services.measure_reading_create(
            actor=setting.lead,
            measure=made,
            value=3.5,
            measured_on=timezone.localdate() + datetime.timedelta(days=1),
            source="",
        )

    assert set(refused.value.message_dict) == {"value", "measured_on", "source"}
    assert refused.value.message_dict["measured_on"] == [
        "The date the figure describes must be today or in the past"
    ]
    assert not MeasureReading.objects.exists()


def test_a_second_figure_for_the_same_day_is_refused(setting: Setting) -> None:
    made = measure(setting.objective)
    day = datetime.date(2026, 6, 30)
    services.measure_reading_create(
        actor=setting.lead, measure=made, value=3.5, measured_on=day, source="Census"
    )

    with pytest.raises(ValidationError) as refused:
        services.measure_reading_create(
            actor=setting.lead, measure=made, value=3.1, measured_on=day, source="Census"
        )

    assert refused.value.message_dict["measured_on"] == [
        "A figure for 30 June 2026 has already been entered: choose another date"
    ]
