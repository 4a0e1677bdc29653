"""Each row's outcome (new, changed or unchanged) is worked out as it is staged, before the
write transaction, so that the transaction writes only what changes (issue 11). What it was
worked out against may change before the load writes: another load may write, an indicator
may be removed or its multiplier changed. Then the load compares its rows again inside its
transaction, and its counts and data are those of the data points it finds there."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from childtrust.accounts.models import Role, User
from childtrust.outcomes.indicator_files import ImportReport
from childtrust.outcomes.models import (
    DataPoint,
    Indicator,
    StagedDataPoint,
    StagedOutcome,
)
from childtrust.outcomes.services.uploads import (
    Progress,
    indicator_data_import,
    local_counts_import,
)
from tests.factories import UserFactory
from tests.outcomes.test_importer import fingertips_row, good_rows, local_row

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def analyst() -> User:
    return UserFactory(username="analyst", role=Role.STRATEGIC_LEAD)


def before_writing(action: Callable[[], None]) -> Progress:
    """A progress callback that does `action` once every row is staged, before the write."""

    def progress(stage: str, rows: int) -> None:
        if stage == "writing":
            action()

    return progress


def revised_rows() -> list[dict[str, str]]:
    """The good file with one figure changed and one row more (another year for Leeds)."""
    rows = good_rows()
    rows[1].update({"Value": "106.0", "Count": "191"})
    return [
        *rows,
        fingertips_row(
            **{
                "Time period": "2019/20",
                "Value": "80.5",
                "Lower CI 95.0 limit": "70.0",
                "Upper CI 95.0 limit": "90.0",
                "Lower CI 99.8 limit": "65.0",
                "Upper CI 99.8 limit": "95.0",
            }
        ),
    ]


def counts(report: ImportReport) -> tuple[int, int, int]:
    return report.data_points_created, report.data_points_updated, report.data_points_unchanged


def test_each_staged_row_carries_its_outcome_and_only_changes_are_written(
    analyst: User,
) -> None:
    indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")
    DataPoint.objects.update(modified_at=LONG_AGO)
    seen: list[tuple[int, str, bool]] = []

    def look() -> None:
        staged = StagedDataPoint.objects.order_by("line")
        seen.extend((s.line, s.outcome, s.target is not None) for s in staged)

    report = indicator_data_import(
        actor=analyst,
        rows=revised_rows(),
        source_name="profiles.csv",
        progress=before_writing(look),
    )

    assert counts(report) == (1, 1, 4)
    assert seen == [
        (2, StagedOutcome.UNCHANGED, True),
        (3, StagedOutcome.CHANGED, True),
        (4, StagedOutcome.UNCHANGED, True),
        (5, StagedOutcome.UNCHANGED, True),
        (6, StagedOutcome.UNCHANGED, True),
        (7, StagedOutcome.NEW, False),
    ]
    touched = DataPoint.objects.filter(modified_at__gt=LONG_AGO).order_by("period")
    assert list(touched.values_list("period", "value")) == [("2019/20", 80.5), ("2021/22", 106.0)]
    assert not StagedDataPoint.objects.exists()


def test_a_load_that_writes_between_staging_and_writing_is_noticed(analyst: User) -> None:
    indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")

    def another_load() -> None:
        other = indicator_data_import(actor=analyst, rows=revised_rows(), source_name="other.csv")
        assert counts(other) == (1, 1, 4)

    report = indicator_data_import(
        actor=analyst,
        rows=revised_rows(),
        source_name="profiles.csv",
        progress=before_writing(another_load),
    )

    # Staged, the row for 2019/20 was new and Leeds' 2021/22 changed; the other load wrote
    # both first, so this load finds them as it would write them.
    assert report.ok
    assert counts(report) == (0, 0, 6)
    assert DataPoint.objects.count() == 6
    assert DataPoint.objects.get(area__code="E08000035", period="2021/22").value == 106.0


def test_an_indicator_removed_between_staging_and_writing_is_made_again(analyst: User) -> None:
    indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")
    removed = Indicator.objects.get(external_id="90812")

    report = indicator_data_import(
        actor=analyst,
        rows=good_rows(),
        source_name="profiles.csv",
        progress=before_writing(removed.delete),
    )

    assert counts(report) == (3, 0, 2)
    assert report.indicators_created == 1
    again = Indicator.objects.get(external_id="90812")
    assert again.pk != removed.pk
    assert again.data_points.count() == 3
    assert DataPoint.objects.count() == 5


def test_a_multiplier_changed_between_staging_and_writing_gives_the_value(analyst: User) -> None:
    local_counts_import(actor=analyst, rows=[local_row()], source_name="ehcp.csv")

    def per_thousand() -> None:
        Indicator.objects.update(multiplier=1000)

    report = local_counts_import(
        actor=analyst,
        rows=[local_row()],
        source_name="ehcp.csv",
        progress=before_writing(per_thousand),
    )

    assert counts(report) == (0, 1, 0)
    assert DataPoint.objects.get().value == pytest.approx(412 / 10300 * 1000)


def test_a_load_of_new_indicators_and_areas_counts_every_row_new(analyst: User) -> None:
    report = indicator_data_import(actor=analyst, rows=revised_rows(), source_name="profiles.csv")

    assert counts(report) == (6, 0, 0)
    points = DataPoint.objects.values_list("indicator__external_id", "area__code", "period")
    assert ("90812", "E08000035", "2019/20") in set(points)
