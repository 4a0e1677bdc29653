"""The ward deprivation deciles in the partnership's own file (outcomes.area_deciles): optional
imd_decile and imd_source columns, loaded with the wards; every bad value refused on its own
line, nothing written when any line is wrong; a blank decile keeps the one held."""

from __future__ import annotations

import pytest

from childtrust.accounts.models import Role, User
from childtrust.outcomes.indicator_files import ImportReport
from childtrust.outcomes.inequality import indicator_inequality
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator, ValueType
from childtrust.outcomes.services.uploads import local_counts_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IMD = "English Indices of Deprivation 2019"


@pytest.fixture
def analyst() -> User:
    return UserFactory(username="analyst", role=Role.STRATEGIC_LEAD)


def ward_row(code: str, decile: str = "", source: str = "", **fields: str) -> dict[str, str]:
    row = {
        "indicator": "Children in need",
        "area_code": code,
        "area_name": f"Ward {code}",
        "area_type": "ward",
        "period": "2023/24",
        "count": "40",
        "denominator": "1000",
        "imd_decile": decile,
        "imd_source": source,
    }
    row.update(fields)
    return row


def _load(analyst: User, rows: list[dict[str, str]]) -> ImportReport:
    return local_counts_import(actor=analyst, rows=rows, source_name="wards.csv")


def test_wards_are_loaded_with_their_deciles_and_source(analyst: User) -> None:
    rows = [ward_row(f"W{d}", str(d), IMD, count=str(60 - 3 * d)) for d in range(1, 11)]
    report = _load(analyst, rows)
    assert report.ok, report.problems
    assert report.areas_created == 10
    ward = Area.objects.get(code="W3")
    assert (ward.imd_decile, ward.imd_decile_source) == (3, IMD)
    found = indicator_inequality(Indicator.objects.get(name="Children in need"))
    assert [len(row.wards) for row in found.deciles] == [1] * 10


def test_a_ward_named_on_many_rows_may_give_its_decile_on_any_of_them(analyst: User) -> None:
    rows = [
        ward_row("W1", period="2022/23"),
        ward_row("W1", "2", IMD),
        ward_row("W1", period="2021/22"),
    ]
    assert _load(analyst, rows).ok
    assert Area.objects.get(code="W1").imd_decile == 2


BAD_DECILES = [
    pytest.param("0", 'the imd_decile "0" is not a whole number from 1', id="0"),
    pytest.param("11", 'the imd_decile "11" is not a whole number from 1', id="11"),
    pytest.param("3.5", 'the imd_decile "3.5" is not a whole number from 1', id="3.5"),
    pytest.param("-2", 'the imd_decile "-2" is not a whole number', id="negative"),
    pytest.param("three", 'the imd_decile "three" is not a whole number', id="words"),
    pytest.param("\u0663", 'the imd_decile "\u0663" is not a whole number', id="arabic digit"),
]


@pytest.mark.parametrize(("decile", "reason"), BAD_DECILES)
def test_a_decile_that_is_not_a_whole_number_from_1_to_10_is_refused_on_its_line(
    analyst: User, decile: str, reason: str
) -> None:
    rows = [ward_row("W1", "4", IMD), ward_row("W2", decile, IMD), ward_row("W3", "6", IMD)]
    report = _load(analyst, rows)
    assert [problem.line for problem in report.problems] == [3]
    assert report.problems[0].reason.startswith(reason)
    assert not Area.objects.exists()  # nothing half-written
    assert not DataPoint.objects.exists()


def test_a_decile_for_an_area_that_is_not_a_ward_is_refused(analyst: User) -> None:
    rows = [
        ward_row("W1", "4", IMD),
        ward_row("L1", "2", IMD, area_type="locality"),
        ward_row("E06000045", "1", IMD, area_type="local authority"),
    ]
    report = _load(analyst, rows)
    assert [(p.line, p.reason) for p in report.problems] == [
        (3, "the imd_decile is given for a locality: only a ward has a deprivation decile here"),
        (
            4,
            "the imd_decile is given for a local authority: only a ward has a deprivation "
            "decile here",
        ),
    ]
    assert not Area.objects.exists()


def test_two_rows_giving_one_ward_different_deciles_are_refused_naming_the_first(
    analyst: User,
) -> None:
    rows = [
        ward_row("W1", "4", IMD),
        ward_row("W1", "", "", period="2022/23"),
        ward_row("W1", "5", IMD, period="2021/22"),
        ward_row("W1", "4", "IMD 2025", period="2020/21"),
    ]
    report = _load(analyst, rows)
    assert [(p.line, p.reason) for p in report.problems] == [
        (4, "ward W1 is in deprivation decile 5 here but 4 on line 2: a ward has one decile"),
        (5, f'ward W1\'s decile comes from "IMD 2025" here but from "{IMD}" on line 2'),
    ]
    assert not Area.objects.exists()


def test_a_source_without_a_decile_is_refused(analyst: User) -> None:
    report = _load(analyst, [ward_row("W1", "", IMD)])
    assert [p.reason for p in report.problems] == [
        f'the imd_source "{IMD}" is given without an imd_decile'
    ]


def test_every_bad_line_is_reported_at_once(analyst: User) -> None:
    rows = [
        ward_row("W1", "12", IMD),
        ward_row("W2", "4", IMD),
        ward_row("L1", "3", IMD, area_type="locality"),
        ward_row("W2", "7", IMD, period="2022/23"),
    ]
    report = _load(analyst, rows)
    assert [p.line for p in report.problems] == [2, 4, 5]


def test_a_blank_decile_keeps_the_one_held_and_a_new_one_replaces_it(analyst: User) -> None:
    assert _load(analyst, [ward_row("W1", "4", IMD)]).ok
    report = _load(analyst, [ward_row("W1", count="41")])
    assert report.ok
    assert report.areas_updated == 0
    assert Area.objects.get(code="W1").imd_decile == 4
    report = _load(analyst, [ward_row("W1", "5", "IMD 2025")])
    assert report.areas_updated == 1
    ward = Area.objects.get(code="W1")
    assert (ward.imd_decile, ward.imd_decile_source) == (5, "IMD 2025")


def test_the_file_without_the_decile_columns_loads_as_before(analyst: User) -> None:
    row = ward_row("W1")
    del row["imd_decile"], row["imd_source"]
    assert _load(analyst, [row]).ok
    ward = Area.objects.get(code="W1")
    assert ward.area_type == AreaType.WARD
    assert ward.imd_decile is None


def test_a_role_that_may_not_load_indicator_data_is_refused() -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _load(UserFactory(role=Role.PRACTITIONER), [ward_row("W1", "4", IMD)])
    assert not Area.objects.exists()


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (ValueType.INDIRECTLY_STANDARDISED_RATE, "an indirectly standardised rate"),
        (ValueType.MEAN, "a mean"),
        (ValueType.DIRECTLY_STANDARDISED_RATE, "a directly standardised rate"),
    ],
)
def test_counts_for_an_indicator_held_as_a_value_counts_cannot_give_are_refused(
    analyst: User, kind: str, words: str
) -> None:
    """A count over a denominator times the multiplier is a proportion's or a crude rate's
    value, not an ISR's, a DSR's or a mean's: such a file is refused before anything is
    written, on the first line naming the indicator."""
    Indicator.objects.create(name="Children in need", value_type=kind, multiplier=100_000)
    rows = [ward_row("W1", "4", IMD), ward_row("W2", "5", IMD)]
    report = _load(analyst, rows)
    assert [(p.line, p.reason) for p in report.problems] == [
        (
            2,
            f"the indicator Children in need is held as {words}, which cannot be worked out "
            "from a count and a denominator: load its values with their limits in the public "
            "health profiles' layout instead",
        )
    ]
    assert not Area.objects.exists()
    assert not DataPoint.objects.exists()


@pytest.mark.parametrize("kind", [ValueType.PROPORTION, ValueType.CRUDE_RATE, ""])
def test_counts_for_a_proportion_or_rate_still_load(analyst: User, kind: str) -> None:
    Indicator.objects.create(name="Children in need", value_type=kind, multiplier=1000)
    assert _load(analyst, [ward_row("W1", "4", IMD)]).ok
    assert DataPoint.objects.get().value == pytest.approx(40.0)
