"""A plan measure whose figures come from a workforce measure: the source's validation (the
workforce measure needed with that source and refused with any other, the unit its
definition's), its actual worked out from an establishment made by hand (the whole partnership's
social workers at the latest census, in the financial year the census falls in), judged against
its target directly, and the measure's page with every census held."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.strategy.models import Direction, Measure, MeasureSource
from childtrust.strategy.selectors.measure_pages import measure_page
from childtrust.strategy.selectors.measures import TrajectoryStatus, measures_progress
from childtrust.strategy.services import measures as services
from childtrust.strategy.services.measures import SourceInput
from childtrust.workforce.definitions import WorkforceMeasure, census_date
from childtrust.workforce.models import LeavingReason
from tests.factories import AgencyFactory, UserFactory
from tests.strategy.factories_measures import PLAN_YEARS, Setting, measure, plan_with_objective
from tests.workforce.factories import (
    AgencyCoverFactory,
    HoldingFactory,
    OtherPostFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

TURNOVER = SourceInput(source=MeasureSource.WORKFORCE, workforce_measure="turnover_rate")


def latest_census_year() -> int:
    today = timezone.localdate()
    return today.year if today >= census_date(today.year) else today.year - 1


LATEST = latest_census_year()


@pytest.fixture
def setting() -> Setting:
    return plan_with_objective()


def establishment() -> None:
    """Three social worker posts of one agency since 2015. On the latest census day: one full
    time, one half time and one full-time starter who replaced a full-time leaver (resigned 30
    June that year) are in post, 2.5 FTE; the leaver's 1.0 FTE left in the census year, so the
    turnover rate is 1.0 / 2.5 = 40%. Every census before it had the first three in post and
    no leaver: 0%. A health visitor who left that year is not a social worker: not counted. A
    fourth post, vacant, has had agency cover since April 2023 (a change recorded then, so the
    censuses held go back to 2023 at least)."""
    agency = AgencyFactory()
    first, second, third = (PostFactory(agency=agency) for _ in range(3))
    HoldingFactory(post=first, fte=Decimal("1.00"))
    HoldingFactory(post=second, fte=Decimal("0.50"))
    HoldingFactory(
        post=third,
        ends_on=datetime.date(LATEST, 6, 30),
        leaving_reason=LeavingReason.RESIGNATION,
    )
    HoldingFactory(post=third, starts_on=datetime.date(LATEST, 8, 1))
    AgencyCoverFactory(post=PostFactory(agency=agency), starts_on=datetime.date(2023, 4, 3))
    HoldingFactory(
        post=OtherPostFactory(agency=agency),
        ends_on=datetime.date(LATEST, 5, 31),
        leaving_reason=LeavingReason.RETIREMENT,
    )


def turnover_measure(setting: Setting, targets: tuple[float, ...], title: str) -> Measure:
    made = measure(
        setting.objective,
        title=title,
        baseline=45.0,
        targets=targets,
        source=MeasureSource.WORKFORCE,
        workforce_measure=WorkforceMeasure.TURNOVER_RATE,
    )
    Measure.objects.filter(pk=made.pk).update(unit="%")
    made.refresh_from_db()
    return made


def arguments(**changes: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "title": "Social worker turnover",
        "unit": "",
        "direction": Direction.LOWER,
        "baseline": 18.0,
        "baseline_period": "census of 30 September 2025",
        "source": TURNOVER,
        "targets": dict(zip(PLAN_YEARS, (17, 16, 15, 14, 13), strict=True)),
    }
    given.update(changes)
    return given


# --- The source's validation -------------------------------------------------------------------


def test_a_workforce_measure_takes_its_definitions_unit_and_is_audited(setting: Setting) -> None:
    made = services.measure_create(
        actor=setting.lead, objective=setting.objective, **arguments(unit="people")
    )
    caseload = services.measure_create(
        actor=setting.lead,
        objective=setting.objective,
        **arguments(
            title="Average caseload",
            source=SourceInput(source=MeasureSource.WORKFORCE, workforce_measure="caseload"),
        ),
    )

    assert (made.unit, made.workforce_measure) == ("%", "turnover_rate")
    assert caseload.unit == "cases per FTE"
    event = AuditEvent.objects.get(object_id=str(made.pk), action=AuditAction.CREATE)
    assert (event.details["source"], event.details["link"]) == ("workforce", "Turnover rate")
    assert event.details["unit"] == "%"


def test_the_workforce_measure_is_required_with_its_source(setting: Setting) -> None:
    for chosen in ("", "headcount"):
        with pytest.raises(ValidationError) as refused:
            services.measure_create(
                actor=setting.lead,
                objective=setting.objective,
                **arguments(
                    source=SourceInput(source=MeasureSource.WORKFORCE, workforce_measure=chosen)
                ),
            )
        # Only the workforce measure is asked for: its unit is not (it would be its own).
        assert refused.value.message_dict == {"workforce_measure": ["Choose the workforce measure"]}
    assert not Measure.objects.exists()


def test_a_workforce_measure_with_another_source_is_refused(setting: Setting) -> None:
    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            actor=setting.lead,
            objective=setting.objective,
            **arguments(
                unit="%",
                source=SourceInput(source=MeasureSource.MANUAL, workforce_measure="turnover_rate"),
            ),
        )

    assert list(refused.value.message_dict) == ["workforce_measure"]
    assert "only chosen when the figures come from a workforce measure" in str(refused.value)
    assert not Measure.objects.exists()


def test_another_source_still_needs_its_unit(setting: Setting) -> None:
    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            actor=setting.lead,
            objective=setting.objective,
            **arguments(source=SourceInput(source=MeasureSource.MANUAL)),
        )

    assert list(refused.value.message_dict) == ["unit"]


def test_a_measure_changed_to_a_workforce_source_and_back(setting: Setting) -> None:
    made = measure(setting.objective)

    services.measure_update(
        actor=setting.lead,
        measure=made,
        **arguments(
            title=made.title,
            baseline=4.0,
            targets=dict(zip(PLAN_YEARS, (3.8, 3.6, 3.4, 3.2, 3.0), strict=True)),
        ),
    )
    made.refresh_from_db()
    assert (made.source, made.workforce_measure, made.unit) == ("workforce", "turnover_rate", "%")

    services.measure_update(
        actor=setting.lead,
        measure=made,
        **arguments(
            title=made.title,
            unit="per 1,000",
            baseline=4.0,
            source=SourceInput(source=MeasureSource.MANUAL),
            targets=dict(zip(PLAN_YEARS, (3.8, 3.6, 3.4, 3.2, 3.0), strict=True)),
        ),
    )
    made.refresh_from_db()
    assert (made.source, made.workforce_measure, made.unit) == ("manual", "", "per 1,000")


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.WORKFORCE_MANAGER, Role.AUDITOR])
def test_only_those_who_keep_the_plan_add_a_workforce_measure(setting: Setting, role: str) -> None:
    """Keeping the workforce is not keeping the plan: measure_create refuses."""
    with pytest.raises(PermissionDenied):
        services.measure_create(
            actor=UserFactory(username=f"{role}-x", role=role),
            objective=setting.objective,
            **arguments(),
        )
    assert not Measure.objects.exists()


# --- The actual and its status -----------------------------------------------------------------


def test_the_actual_is_the_latest_census_in_its_financial_year(setting: Setting) -> None:
    establishment()
    on = turnover_measure(setting, (44, 43, 42, 41, 40), "On its way")
    off = turnover_measure(setting, (39, 38, 37, 36, 35), "Falling behind")

    rows = {row.measure.pk: row for row in measures_progress(setting.plan, timezone.localdate())}

    actual = rows[on.pk].actual
    assert actual is not None
    assert actual.value == pytest.approx(40.0)
    assert actual.year == LATEST  # 30 September falls in the financial year from that April
    assert actual.period == f"census of 30 September {LATEST}"
    assert (actual.lower, actual.upper) == (None, None)
    assert "the whole partnership's social workers" in actual.source
    # No interval: compared with the target directly (40% against 40% or more is on).
    assert rows[on.pk].status == TrajectoryStatus.ON_TRAJECTORY
    assert rows[off.pk].status == TrajectoryStatus.OFF_TRAJECTORY
    assert "is higher than the" in rows[off.pk].status_reason
    assert "lower is better" in rows[off.pk].status_reason


def test_with_no_establishment_it_is_not_yet_measured(setting: Setting) -> None:
    made = turnover_measure(setting, (44, 43, 42, 41, 40), "Nothing held")

    (row,) = measures_progress(setting.plan, timezone.localdate())

    assert row.measure.pk == made.pk
    assert row.actual is None
    assert row.status == TrajectoryStatus.NOT_YET_MEASURED


def test_the_measure_page_has_every_census_held(setting: Setting) -> None:
    establishment()
    made = turnover_measure(setting, (44, 43, 42, 41, 40), "Turnover")
    made = Measure.objects.select_related("objective__plan").get(pk=made.pk)

    page = measure_page(made, timezone.localdate(), setting.lead)

    census = [(figure.census_year, figure.value) for figure in page.census]
    assert census[0][0] <= 2023  # from the first change recorded, at the latest
    assert census[-1] == (LATEST, pytest.approx(40.0))
    assert [value for _, value in census[:-1]] == [0.0] * (len(census) - 1)
    labels = [row.label for row in page.rows]
    # Censuses before the plan have rows of their own; the latest is in its plan year's row.
    assert f"census of 30 September {LATEST - 1}" in labels
    plan_row = next(row for row in page.rows if row.label == f"{LATEST}-{(LATEST + 1) % 100:02d}")
    assert plan_row.actual == pytest.approx(40.0)


# --- The pages ---------------------------------------------------------------------------------


def test_a_workforce_measure_is_added_through_the_form_without_a_unit(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    data = {
        "title": "Social worker turnover",
        "unit": "",
        "direction": "lower",
        "baseline": "18",
        "baseline_period": "census of 30 September 2025",
        "source": "workforce",
        "workforce_measure": "turnover_rate",
        "indicator": "",
        **{f"target_{year}": str(17 - (year - 2026)) for year in PLAN_YEARS},
    }

    response = client_for(Role.STRATEGIC_LEAD).post(
        reverse("strategy:measure_create", args=[setting.objective.pk]), data
    )

    made = Measure.objects.get()
    assert response.status_code == 302
    assert (made.source, made.workforce_measure, made.unit) == ("workforce", "turnover_rate", "%")


def test_the_form_refuses_a_workforce_source_with_no_measure(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.STRATEGIC_LEAD)
    blank = client.get(reverse("strategy:measure_create", args=[setting.objective.pk]))
    data = {
        "title": "Social worker turnover",
        "direction": "lower",
        "baseline": "18",
        "baseline_period": "2025",
        "source": "workforce",
        **{f"target_{year}": "17" for year in PLAN_YEARS},
    }

    response = client.post(reverse("strategy:measure_create", args=[setting.objective.pk]), data)

    assert 'name="workforce_measure"' in blank.content.decode()
    assert "Agency worker rate (%)" in blank.content.decode()
    text = response.content.decode()
    assert "<title>Error: " in text
    assert "Choose the workforce measure" in text
    assert not Measure.objects.exists()


def test_a_workforce_measures_page_shows_its_censuses_to_every_role(
    setting: Setting, client_for: Callable[[str], Client]
) -> None:
    establishment()
    made = turnover_measure(setting, (44, 43, 42, 41, 40), "Turnover")

    for role in (Role.PRACTITIONER, Role.STRATEGIC_LEAD):
        text = client_for(role).get(reverse("strategy:measure", args=[made.pk])).content.decode()
        assert "Turnover rate of the whole partnership's social workers" in text
        assert "Figures at each census" in text
        assert f"30 September {LATEST}" in text
        assert "40%" in text
        assert "On trajectory" in text
        assert "the census of 30 September 2026 is judged against the 2026-27 target" in text
