"""The period length an import gives an indicator: read from the public health profiles' period
labels, or from the partnership's own file's optional period_years column, with bad input
refused line by line and nothing half-written; and the recent trend that follows from it."""

from __future__ import annotations

import pytest

from childtrust.accounts.models import Role, User
from childtrust.outcomes.indicator_files import RowError, period_length
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator
from childtrust.outcomes.services.uploads import indicator_data_import, local_counts_import
from childtrust.outcomes.trends import recent_trend
from tests.factories import UserFactory
from tests.outcomes.test_importer import EHCP, fingertips_row, local_row, nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> User:
    return UserFactory(username="analyst", role=Role.STRATEGIC_LEAD)


@pytest.mark.parametrize(
    ("label", "years"),
    [
        ("2022", 1),
        ("2021/22", 1),
        ("2022/23 Q2", 1),
        ("2015 - 17", 3),
        ("2015 - 2017", 3),
        ("2019/20 - 21/22", 3),
        ("2016/17 - 17/18", 2),
        ("1998 - 2002", 5),
    ],
)
def test_a_period_label_says_how_many_years_it_covers(label: str, years: int) -> None:
    assert period_length(label) == years


def test_a_label_that_cannot_be_read_has_no_length() -> None:
    with pytest.raises(RowError):
        period_length("last year")


def _rolling_rows(*labels: str, indicator_id: str = "90812") -> list[dict[str, str]]:
    return [
        fingertips_row(**{"Indicator ID": indicator_id, "Time period": label}) for label in labels
    ]


def test_the_export_sets_the_indicator_period_length_from_its_labels(analyst: User) -> None:
    report = indicator_data_import(
        actor=analyst, rows=_rolling_rows("2015 - 17", "2016 - 18"), source_name="f.csv"
    )
    assert report.ok
    assert Indicator.objects.get().period_years == 3


def test_one_indicator_with_periods_of_two_lengths_is_refused_line_by_line(
    analyst: User,
) -> None:
    rows = _rolling_rows("2015 - 17", "2018", "2016 - 18", "2019")
    report = indicator_data_import(actor=analyst, rows=rows, source_name="f.csv")
    assert [(p.line, p.reason) for p in report.problems] == [
        (
            line,
            "indicator 90812's periods cover 3 years on line 2 but 1 year here: one "
            "indicator's periods must all be the same length",
        )
        for line in (3, 5)
    ]
    assert nothing_written()


def test_two_indicators_may_have_periods_of_different_lengths(analyst: User) -> None:
    rows = [*_rolling_rows("2015 - 17"), *_rolling_rows("2018", indicator_id="90813")]
    assert indicator_data_import(actor=analyst, rows=rows, source_name="f.csv").ok
    lengths = dict(Indicator.objects.values_list("external_id", "period_years"))
    assert lengths == {"90812": 3, "90813": 1}


def test_a_new_period_length_in_the_export_updates_the_indicator(analyst: User) -> None:
    indicator_data_import(actor=analyst, rows=_rolling_rows("2021"), source_name="a.csv")
    report = indicator_data_import(
        actor=analyst, rows=_rolling_rows("2019 - 21"), source_name="b.csv"
    )
    assert report.indicators_updated == 1
    assert Indicator.objects.get().period_years == 3


def test_rolling_periods_loaded_from_the_export_get_no_trend(analyst: User) -> None:
    labels = ["2015 - 17", "2016 - 18", "2017 - 19", "2018 - 20", "2019 - 21"]
    counts = [329, 328, 360, 393, 405]
    rows = [
        fingertips_row(
            **{
                "Time period": label,
                "Value": f"{count / 150_000 * 100_000:.1f}",
                "Lower CI 95.0 limit": "",
                "Upper CI 95.0 limit": "",
                "Lower CI 99.8 limit": "",
                "Upper CI 99.8 limit": "",
                "Count": str(count),
                "Denominator": "150000",
            }
        )
        for label, count in zip(labels, counts, strict=True)
    ]
    assert indicator_data_import(actor=analyst, rows=rows, source_name="f.csv").ok
    indicator = Indicator.objects.get()
    indicator.value_type, indicator.multiplier = "crude_rate", 100_000
    indicator.save()
    trend = recent_trend(indicator, Area.objects.get(code="E08000035"))
    assert trend.direction == "could not be calculated"
    assert "overlap" in trend.reason


# --- The partnership's own file ---------------------------------------------------------------


def test_the_local_period_years_column_sets_the_indicator_period_length(analyst: User) -> None:
    rows = [local_row(period="2021", period_years="3"), local_row(period="2022", period_years="3")]
    report = local_counts_import(actor=analyst, rows=rows, source_name="own.csv")
    assert report.ok
    assert Indicator.objects.get().period_years == 3
    assert DataPoint.objects.count() == 2


def test_without_the_column_a_local_label_of_several_years_gives_the_length(
    analyst: User,
) -> None:
    report = local_counts_import(
        actor=analyst, rows=[local_row(period="2021 - 23")], source_name="o"
    )
    assert report.ok
    assert Indicator.objects.get().period_years == 3


def test_without_the_column_single_years_leave_the_held_length_alone(analyst: User) -> None:
    local_counts_import(actor=analyst, rows=[local_row(period_years="2")], source_name="o")
    report = local_counts_import(actor=analyst, rows=[local_row(period="2024/25")], source_name="o")
    assert report.ok
    assert Indicator.objects.get().period_years == 2


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("three", 'the period_years "three" is not a whole number of years'),
        ("2.5", 'the period_years "2.5" is not a whole number of years'),
        ("-1", 'the period_years "-1" is not a whole number of years'),
        ("0", "the period_years (0) must be between 1 and 10"),
        ("11", "the period_years (11) must be between 1 and 10"),
    ],
)
def test_a_bad_local_period_length_is_refused_with_its_line(
    analyst: User, given: str, reason: str
) -> None:
    rows = [local_row(period_years="3"), local_row(area_code="LOC-WEST", period_years=given)]
    report = local_counts_import(actor=analyst, rows=rows, source_name="own.csv")
    assert [(p.line, p.reason) for p in report.problems] == [(3, reason)]
    assert nothing_written()


def test_a_local_length_shorter_than_its_label_is_refused(analyst: User) -> None:
    rows = [local_row(period="2021 - 23", period_years="1")]
    report = local_counts_import(actor=analyst, rows=rows, source_name="own.csv")
    assert [p.reason for p in report.problems] == [
        'the period "2021 - 23" covers 3 years, but the period_years says 1'
    ]
    assert nothing_written()


def test_local_lines_of_one_indicator_that_disagree_are_refused(analyst: User) -> None:
    rows = [
        local_row(period_years="3"),
        local_row(area_code="LOC-WEST", area_name="West", period_years="1"),
        local_row(indicator="Another", period_years="1"),
    ]
    report = local_counts_import(actor=analyst, rows=rows, source_name="own.csv")
    assert [(p.line, p.reason) for p in report.problems] == [
        (
            3,
            f"indicator {EHCP}'s periods cover 3 years on line 2 but 1 year here: one "
            "indicator's periods must all be the same length",
        )
    ]
    assert nothing_written()


def test_areas_of_a_local_file_are_untouched_when_a_length_is_refused(analyst: User) -> None:
    Area.objects.create(code="LOC-EAST", name="East locality", area_type=AreaType.LOCALITY)
    rows = [local_row(period_years="x")]
    report = local_counts_import(actor=analyst, rows=rows, source_name="own.csv")
    assert not report.ok
    assert not Indicator.objects.exists()
    assert not DataPoint.objects.exists()
