"""Spend imports played by an attacker and a careless spreadsheet (issue 11, part 4): each field
at and past the bounds of what the database holds, control characters, wrong encodings and
generated junk, through the service, the upload page and the one-month form. None is a server
error, none writes anything, and each bad line is reported with its line and field."""

from __future__ import annotations

import csv
import datetime
import io
import string
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.resources.models import BudgetLine, FinancialYear, MonthlySpend
from childtrust.resources.services.spend import monthly_spend_import
from tests.factories import ServiceFactory, UserFactory
from tests.resources.factories_budget import BudgetLineFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
COLUMNS = ["Service", "Month", "Amount", "Note"]


@pytest.fixture
def keeper() -> User:
    return UserFactory(username="keeper", role=Role.FINANCE_OFFICER)


@pytest.fixture
def year() -> FinancialYear:
    year: FinancialYear = FinancialYearFactory()
    BudgetLineFactory(year=year, service=ServiceFactory(name="School nursing", slug="nursing"))
    BudgetLineFactory(year=year, service=ServiceFactory(name="Youth work", slug="youth-work"))
    return year


def good_rows() -> list[dict[str, str]]:
    return [
        {"Service": "nursing", "Month": "2026-04", "Amount": "100.00", "Note": ""},
        {"Service": "youth-work", "Month": "2026-04", "Amount": "-20", "Note": "credit"},
        {"Service": "nursing", "Month": "2026-05", "Amount": "£1,250.50", "Note": ""},
        {"Service": "youth-work", "Month": "2026-05", "Amount": "(3.25)", "Note": ""},
    ]


def nothing_written() -> bool:
    return not (
        MonthlySpend.objects.exists()
        or AuditEvent.objects.filter(object_type="resources.financialyear").exists()
    )


def _import(keeper: User, year: FinancialYear, rows: list[dict[str, str]]) -> Any:
    return monthly_spend_import(
        actor=keeper, year=year, rows=rows, source_name="spend.csv", today=TODAY
    )


# --- Each field at and past its bounds, through the service -------------------------------------

HOSTILE_FIELDS = [
    pytest.param({"Amount": "1e309"}, 'the amount "1e309" is not a number', id="1e309"),
    pytest.param({"Amount": "NaN"}, 'the amount "NaN" is not a number', id="nan"),
    pytest.param({"Amount": "Infinity"}, 'the amount "Infinity" is not a number', id="inf"),
    pytest.param({"Amount": "-Infinity"}, 'the amount "-Infinity" is not', id="-inf"),
    pytest.param({"Amount": "1000000000000"}, "less than £1,000,000,000,000", id="too big"),
    pytest.param({"Amount": "-1000000000000.00"}, "less than £1,000,000,000,000", id="too small"),
    pytest.param({"Amount": "12.345"}, "more than 2 decimal places", id="pence"),
    pytest.param({"Amount": "9" * 5000}, "the Amount is 5,000 characters long", id="long"),
    pytest.param({"Amount": "\u0661\u0662\u0663"}, "is not a number of pounds", id="arabic"),
    pytest.param({"Amount": "1_000"}, "is not a number of pounds", id="underscore"),
    pytest.param({"Amount": "12\x00"}, "has a control character", id="amount nul"),
    pytest.param({"Month": "0000-01"}, 'the month "0000-01" is not a month', id="year 0"),
    pytest.param({"Month": "9999-12"}, "December 9999 is not in the financial year", id="9999"),
    pytest.param({"Month": "2026-99"}, 'the month "2026-99" is not a month', id="month 99"),
    pytest.param({"Month": "\u0662\u0660\u0662\u0666-04"}, "is not a month", id="arabic month"),
    pytest.param({"Month": "2" * 101}, "the Month is 101 characters long", id="long month"),
    pytest.param({"Month": "2026-04\x00"}, "has a control character", id="month nul"),
    pytest.param({"Service": "S" * 201}, "the Service is 201 characters long", id="long name"),
    pytest.param({"Service": "nursing\x00"}, "has a control character", id="service nul"),
    pytest.param({"Service": "nurs\ning"}, "has a control character", id="line break"),
    pytest.param({"Service": "\x1b[31mnursing"}, "has a control character", id="escape"),
    pytest.param({"Service": "nursing\x7f"}, "has a control character", id="delete"),
    pytest.param({"Note": "N" * 301}, "the Note is 301 characters long", id="long note"),
    pytest.param({"Note": "paid\x00"}, "has a control character", id="note nul"),
    pytest.param({"Note": "=HYPERLINK(\x0b)"}, "has a control character", id="note vt"),
]


@pytest.mark.parametrize(("fields", "reason"), HOSTILE_FIELDS)
def test_a_value_the_database_cannot_hold_is_reported_by_line_and_nothing_is_written(
    keeper: User, year: FinancialYear, fields: dict[str, str], reason: str
) -> None:
    rows = good_rows()
    rows[2].update(fields)  # line 4

    report = _import(keeper, year, rows)

    assert [problem.line for problem in report.problems] == [4], report.problems
    assert reason in report.problems[0].reason
    assert len(report.problems[0].reason) < 400, "a problem quotes at most a little of a value"
    assert nothing_written()


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("999999999999.99", Decimal("999999999999.99")),
        ("-999999999999.99", Decimal("-999999999999.99")),
        ("999999999999.990", Decimal("999999999999.99")),
        ("1.000", Decimal("1.00")),
        ("-0", Decimal("0.00")),
        ("0.01", Decimal("0.01")),
    ],
)
def test_amounts_at_the_bounds_the_database_holds_load(
    keeper: User, year: FinancialYear, text: str, amount: Decimal
) -> None:
    rows = good_rows()[:1]
    rows[0]["Amount"] = text

    report = _import(keeper, year, rows)

    assert report.ok, report.problems
    assert MonthlySpend.objects.get().amount == amount


def test_the_longest_values_the_database_holds_load(keeper: User, year: FinancialYear) -> None:
    long_name = "L" * 200
    BudgetLineFactory(year=year, service=ServiceFactory(name=long_name, slug="long"))
    rows = [{"Service": long_name, "Month": "2026-04", "Amount": "1", "Note": "N" * 300}]

    report = _import(keeper, year, rows)

    assert report.ok, report.problems
    assert MonthlySpend.objects.get().note == "N" * 300


def test_a_budget_line_removed_while_the_file_is_checked_is_reported_and_nothing_is_written(
    keeper: User, year: FinancialYear
) -> None:
    def rows() -> Any:
        yield from good_rows()
        # The check has read every row; someone removes a line before the write begins.
        BudgetLine.objects.filter(service__slug="youth-work").delete()

    report = monthly_spend_import(
        actor=keeper, year=year, rows=rows(), source_name="spend.csv", today=TODAY
    )

    assert not report.ok
    assert "removed while the file was checked" in report.problems[0].reason
    assert nothing_written()


def test_a_failed_write_leaves_nothing(
    keeper: User, year: FinancialYear, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("childtrust.resources.services.spend.audit_record", fail)

    with pytest.raises(RuntimeError):
        _import(keeper, year, good_rows())

    assert nothing_written()


def test_a_file_of_junk_keeps_a_bounded_report(keeper: User, year: FinancialYear) -> None:
    rows = ({"Service": "x", "Month": "y", "Amount": "z"} for _ in range(20_000))

    report = monthly_spend_import(
        actor=keeper, year=year, rows=rows, source_name="junk.csv", today=TODAY
    )

    assert report.problem_count == 20_000
    assert len(report.problems) == 10_000
    assert nothing_written()


# --- Generated junk, through the service ---------------------------------------------------------

_JUNK = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=string.digits + ".,-+eE£()_ ", max_size=30),
    st.sampled_from(
        ["0000-00", "9999-12", "2026-4", "1e309", "-0", "", " ", "\x00", "NaN", "(1,000.00)"]
    ),
)
_FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@seed(20261203)
@_FUZZ
@given(changes=st.dictionaries(st.sampled_from(COLUMNS), _JUNK, min_size=1, max_size=4))
def test_generated_values_never_raise_and_never_half_write(
    keeper: User, year: FinancialYear, changes: dict[str, str]
) -> None:
    MonthlySpend.objects.all().delete()
    before = AuditEvent.objects.count()
    rows = good_rows()
    rows[1].update(changes)

    report = _import(keeper, year, rows)

    if report.ok:
        assert report.created + report.changed + report.unchanged == 4
        assert MonthlySpend.objects.count() == 4
        assert AuditEvent.objects.count() == before + 1
    else:
        assert not MonthlySpend.objects.exists()
        assert AuditEvent.objects.count() == before
        # The changed row, or one it now repeats (a service and month given twice).
        assert all(2 <= problem.line <= 5 and problem.reason for problem in report.problems)


# --- Hostile files and generated files, through the upload page ---------------------------------


@pytest.fixture
def keeper_client(keeper: User) -> Client:
    client = Client()
    client.force_login(keeper)
    return client


def _upload_url(year: FinancialYear) -> str:
    return reverse("resources:budget_spend_upload", kwargs={"label": year.label})


def _post(client: Client, year: FinancialYear, content: bytes, name: str = "spend.csv") -> Any:
    return client.post(_upload_url(year), {"file": SimpleUploadedFile(name, content)})


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


HEADER = b"Service,Month,Amount\r\n"
HOSTILE_FILES = [
    pytest.param(b"", "The selected file is empty", id="empty"),
    pytest.param(b"\r\n\r\n   \r\n", "is empty: nothing was loaded", id="blank lines"),
    pytest.param(HEADER, "has a header but no rows of data", id="header only"),
    pytest.param(b"\xef\xbb\xbf" + HEADER, "has a header but no rows", id="bom header only"),
    pytest.param("Service,Month\r\nx,y\r\n".encode("utf-16"), "is not a CSV file", id="utf-16"),
    pytest.param(b"PK\x03\x04\x00\x00binary", "is not a CSV file", id="xlsx"),
    pytest.param(HEADER + b"\x81\x8d\x8f\x90\x9d,2026-04,1\r\n", "is not text this", id="bytes"),
    pytest.param(
        HEADER + b'"' + b"x" * 200_000 + b'",2026-04,1\r\n',
        "field larger than field limit",
        id="huge field",
    ),
    pytest.param(b"Code,Period,Value\r\nx,y,z\r\n", "has no column called service", id="columns"),
    pytest.param(b'"unclosed,' + b"a" * 50 + b"\r\n", "has a header but no rows", id="quote"),
    pytest.param(
        HEADER + b"nursing,2026-04,1\r\n" + b'"' + b"x" * 200_000 + b'",2026-05,1\r\n',
        "cannot be read as CSV",
        id="huge field after a good line",
    ),
]


@pytest.mark.parametrize(("content", "message"), HOSTILE_FILES)
def test_a_hostile_file_is_refused_on_the_page_with_a_reason_and_nothing_loaded(
    keeper_client: Client, year: FinancialYear, content: bytes, message: str
) -> None:
    response = _post(keeper_client, year, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert nothing_written()


# A NUL byte makes the whole file unreadable (a workbook, not text): that is the files' test.
WITHOUT_NUL = [
    param
    for param in HOSTILE_FIELDS
    if not any("\x00" in value for value in dict(param.values[0]).values())
]


@pytest.mark.parametrize(("fields", "reason"), WITHOUT_NUL)
def test_a_hostile_row_is_listed_on_the_page_not_a_server_error(
    keeper_client: Client, year: FinancialYear, fields: dict[str, str], reason: str
) -> None:
    rows = good_rows()
    rows[2].update(fields)

    response = _post(keeper_client, year, csv_bytes(rows))

    assert response.status_code == 200
    assert "Line 4: " in response.content.decode()
    assert nothing_written()


def test_a_file_with_a_byte_order_mark_and_windows_line_ends_loads(
    keeper_client: Client, year: FinancialYear
) -> None:
    response = _post(keeper_client, year, b"\xef\xbb\xbf" + csv_bytes(good_rows()))

    assert response.status_code == 302
    assert MonthlySpend.objects.count() == 4


def test_a_file_saved_by_excel_on_windows_loads_with_its_pound_signs(
    keeper_client: Client, year: FinancialYear
) -> None:
    rows = good_rows()
    rows[0]["Note"] = "Café £5 credit \u2013 journal"

    response = _post(keeper_client, year, csv_bytes(rows, encoding="cp1252"))

    assert response.status_code == 302
    assert MonthlySpend.objects.get(note__startswith="Caf").note == "Café £5 credit \u2013 journal"


_CELL = st.one_of(
    _JUNK, st.sampled_from(["nursing", "youth-work", "2026-04", "2026-05", "100", "-1"])
)


@seed(20261203)
@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.lists(st.fixed_dictionaries({c: _CELL for c in COLUMNS}), max_size=6).map(csv_bytes),
        st.lists(st.fixed_dictionaries({c: _CELL for c in COLUMNS}), max_size=6).map(
            lambda rows: csv_bytes(rows).replace(b"\r\n", b"\n")[:-3]
        ),
    )
)
def test_generated_files_through_the_page_never_answer_500_or_half_write(
    keeper_client: Client, year: FinancialYear, content: bytes
) -> None:
    MonthlySpend.objects.all().delete()
    before = AuditEvent.objects.count()

    response = _post(keeper_client, year, content)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert not MonthlySpend.objects.exists()
        assert AuditEvent.objects.count() == before


# --- The one-month form's amount, a text input for money ----------------------------------------


@pytest.mark.parametrize(
    "amount",
    ["1e400", "NaN", "Infinity", "-Infinity", "9" * 1000, "0.001", "1000000000000", "\x00"],
)
def test_the_one_month_form_refuses_amounts_past_their_bounds_with_a_message(
    keeper_client: Client, year: FinancialYear, amount: str
) -> None:
    line = BudgetLine.objects.get(service__slug="nursing")
    url = reverse("resources:budget_line", kwargs={"label": year.label, "pk": line.pk})

    response = keeper_client.post(url, {"month": "2026-04", "amount": amount, "note": ""})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert nothing_written()


def test_a_file_with_many_bad_lines_lists_the_first_hundred_and_counts_the_rest(
    keeper_client: Client, year: FinancialYear
) -> None:
    content = HEADER + b"nobody,2026-04,1\r\n" * 150

    response = _post(keeper_client, year, content)

    page = response.content.decode()
    assert "The file spend.csv has 150 problems. Nothing was loaded" in page
    assert page.count("no service is called") == 100
    assert "and 50 more." in page
    assert nothing_written()
