"""Indicator imports played by an attacker and a careless spreadsheet (issue 11): values at and
past the bounds of what the database holds, control characters, wrong encodings and generated
junk, through the service and through the upload page. None is a server error, none writes
anything, and each bad line is reported with its line and field."""

from __future__ import annotations

import string
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from childtrust.accounts.models import Role, User
from childtrust.outcomes.models import Area, DataPoint, Indicator, StagedDataPoint
from childtrust.outcomes.services.uploads import indicator_data_import, local_counts_import
from tests.factories import UserFactory
from tests.outcomes.test_importer import (
    FINGERTIPS_COLUMNS,
    fingertips_row,
    good_rows,
    local_row,
    nothing_written,
)
from tests.outcomes.upload_support import csv_bytes, profiles_file

pytestmark = pytest.mark.django_db

UPLOAD = reverse("outcomes:upload")


@pytest.fixture
def analyst() -> User:
    return UserFactory(username="analyst", role=Role.STRATEGIC_LEAD)


# --- Each field at and past its bounds, through the service -------------------------------------

HOSTILE_FIELDS = [
    pytest.param({"Time period": "0000"}, "begins in 0", id="year 0000"),
    pytest.param({"Time period": "9999/00 Q4"}, 'the time period "9999/00 Q4"', id="year 10000"),
    pytest.param({"Time period": "1899"}, "periods must begin between 1900 and 2100", id="1899"),
    pytest.param({"Area Code": "E" * 21}, "the Area Code is 21 characters long", id="area code"),
    pytest.param({"Area Name": "L" * 201}, "the Area Name is 201 characters long", id="area name"),
    pytest.param({"Indicator ID": "9" * 41}, "the Indicator ID is 41 characters", id="indicator"),
    pytest.param({"Indicator ID": "\u0663\u0664"}, "is not a whole number", id="arabic digits"),
    pytest.param({"Indicator Name": "N" * 301}, "the Indicator Name is 301", id="name"),
    pytest.param({"Parent Code": "P" * 21}, "the Parent Code is 21", id="parent code"),
    pytest.param({"Sex": "S" * 41}, "the Sex is 41", id="sex"),
    pytest.param({"Category": "C" * 201}, "the Category is 201", id="category"),
    pytest.param({"Value note": "V" * 301}, "the Value note is 301", id="value note"),
    pytest.param({"Time period": "2" * 41}, "the Time period is 41", id="period length"),
    pytest.param({"Value": "1e309"}, 'the Value "1e309" is not a number', id="infinity"),
    pytest.param({"Value": "nan"}, 'the Value "nan" is not a number', id="nan"),
    pytest.param({"Count": "9" * 101}, "the Count is 101 characters", id="long number"),
    pytest.param({"Area Name": "Leeds\x00"}, "has a control character", id="nul"),
    pytest.param({"Area Name": "Leeds\n=1+1"}, "has a control character", id="line break"),
    pytest.param({"Indicator Name": "A\x1b[31m"}, "has a control character", id="escape"),
    pytest.param({"Area Type": "\x7f"}, "has a control character", id="delete"),
]


@pytest.mark.parametrize(("fields", "reason"), HOSTILE_FIELDS)
def test_a_value_the_database_cannot_hold_is_reported_by_line_and_nothing_is_written(
    analyst: User, fields: dict[str, str], reason: str
) -> None:
    rows = good_rows()
    rows[2].update(fields)  # line 4

    report = indicator_data_import(actor=analyst, rows=rows, source_name="hostile.csv")

    assert [problem.line for problem in report.problems] == [4]
    assert reason in report.problems[0].reason
    assert nothing_written()
    assert not StagedDataPoint.objects.exists()


def test_numbers_at_the_bounds_of_a_float_load(analyst: User) -> None:
    rows = [
        fingertips_row(
            **{
                "Value": "1.7976931348623157e308",
                "Lower CI 95.0 limit": "",
                "Upper CI 95.0 limit": "",
                "Lower CI 99.8 limit": "",
                "Upper CI 99.8 limit": "",
                "Count": "5e-324",
                "Denominator": "1e308",
            }
        )
    ]

    report = indicator_data_import(actor=analyst, rows=rows, source_name="bounds.csv")

    assert report.ok, report.problems
    assert DataPoint.objects.get().value == 1.7976931348623157e308


def test_the_longest_values_the_database_holds_load(analyst: User) -> None:
    rows = [
        fingertips_row(
            **{
                "Indicator ID": "9" * 40,
                "Indicator Name": "N" * 300,
                "Area Code": "E" * 20,
                "Area Name": "L" * 200,
                "Parent Code": "P" * 20,
                "Category": "C" * 200,
                "Value note": "V" * 300,
            }
        )
    ]

    report = indicator_data_import(actor=analyst, rows=rows, source_name="long.csv")

    assert report.ok, report.problems
    assert Area.objects.get(code="E" * 20).name == "L" * 200


def test_a_failed_write_leaves_no_data_and_no_staged_rows(
    analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(**kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("childtrust.outcomes.services.uploads.merge_points", fail)

    with pytest.raises(RuntimeError):
        indicator_data_import(actor=analyst, rows=good_rows(), source_name="profiles.csv")

    assert nothing_written()
    assert not StagedDataPoint.objects.exists()


# --- Generated junk, through the service ---------------------------------------------------------

_JUNK = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=string.digits + ".-+eE", max_size=30),
    st.sampled_from(["0000", "9999/00 Q4", "2021/22", "1e309", "-0", "", " ", "\x00", "NaN"]),
)
_COLUMNS = st.sampled_from([*FINGERTIPS_COLUMNS[:20]])


@seed(20261203)
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.dictionaries(_COLUMNS, _JUNK, min_size=1, max_size=4))
def test_generated_values_never_raise_and_never_half_write(
    analyst: User, changes: dict[str, str]
) -> None:
    before = DataPoint.objects.count(), Area.objects.count(), Indicator.objects.count()
    rows = good_rows()
    rows[1].update(changes)

    report = indicator_data_import(actor=analyst, rows=rows, source_name="junk.csv")

    after = DataPoint.objects.count(), Area.objects.count(), Indicator.objects.count()
    if report.ok:
        assert report.data_points_created + report.data_points_updated <= 5
        assert report.rows == 5
    else:
        assert after == before
        # The changed row, or a later one it now repeats or contradicts (an area's name).
        assert all(1 <= problem.line <= 6 and problem.reason for problem in report.problems)
    assert not StagedDataPoint.objects.exists()


@seed(20261203)
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.dictionaries(
        st.sampled_from(["indicator", "area_code", "area_name", "period", "count", "denominator"]),
        _JUNK,
        min_size=1,
        max_size=3,
    )
)
def test_generated_local_counts_never_raise_and_never_half_write(
    analyst: User, changes: dict[str, str]
) -> None:
    before = DataPoint.objects.count()

    report = local_counts_import(actor=analyst, rows=[local_row(**changes)], source_name="junk.csv")

    if not report.ok:
        assert DataPoint.objects.count() == before


# --- Hostile files, through the page ------------------------------------------------------------


@pytest.fixture
def lead_client(analyst: User) -> Client:
    client = Client()
    client.force_login(analyst)
    return client


def _header() -> bytes:
    return ",".join(FINGERTIPS_COLUMNS).encode() + b"\r\n"


HOSTILE_FILES = [
    pytest.param(b"", "The selected file is empty", id="empty"),
    pytest.param(b"\r\n\r\n   \r\n", "is empty: nothing was loaded", id="blank lines"),
    pytest.param(_header(), "has a header but no rows of data", id="header only"),
    pytest.param(b"\xef\xbb\xbf" + _header(), "has a header but no rows", id="bom header only"),
    pytest.param("Indicator ID,Area\r\n1,2\r\n".encode("utf-16"), "is not a CSV file", id="utf-16"),
    pytest.param(b"PK\x03\x04\x00\x00binary", "is not a CSV file", id="xlsx"),
    pytest.param(_header() + b"\x81\x8d\x8f\x90\x9d\r\n", "is not text this can read", id="bytes"),
    pytest.param(
        _header() + b'"' + b"x" * 200_000 + b'"\r\n',
        "field larger than field limit",
        id="huge field",
    ),
    pytest.param(b'"unclosed,' + b"a" * 50 + b"\r\n", "has no column called", id="quote"),
]


@pytest.mark.parametrize(("content", "message"), HOSTILE_FILES)
def test_a_hostile_file_is_refused_on_the_page_with_a_reason_and_nothing_loaded(
    lead_client: Client, content: bytes, message: str
) -> None:
    response = lead_client.post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("hostile.csv", content)}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert nothing_written()


@pytest.mark.parametrize(("fields", "reason"), HOSTILE_FIELDS[:8])
def test_a_hostile_row_is_listed_on_the_page_not_a_server_error(
    lead_client: Client, fields: dict[str, str], reason: str
) -> None:
    rows = good_rows()
    rows[2].update(fields)

    response = lead_client.post(
        UPLOAD,
        {"kind": "fingertips", "file": SimpleUploadedFile("p.csv", profiles_file(rows))},
    )

    assert response.status_code == 200
    assert "Line 4: " in response.content.decode()
    assert nothing_written()


def test_a_file_with_a_byte_order_mark_and_windows_line_ends_loads(lead_client: Client) -> None:
    content = b"\xef\xbb\xbf" + csv_bytes(FINGERTIPS_COLUMNS, good_rows())

    response = lead_client.post(
        UPLOAD, {"kind": "fingertips", "file": SimpleUploadedFile("p.csv", content)}
    )

    assert response.status_code == 302
    assert DataPoint.objects.count() == 5
