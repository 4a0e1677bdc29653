"""The rules for one row of an agency's records (children.record_rows): the header, each
identifier's check, the rows rejected with their lines, and the warnings for bad optional
fields. Pure: no database."""

from __future__ import annotations

import datetime

import pytest

from childtrust.children.record_rows import COLUMNS, header_problem, rows_check

TODAY = datetime.date(2026, 12, 4)
VALID_NHS = "943 476 5919"
VALID_UPN = "B801200005001"


def _row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update({"record_id": "A1", "given_name": "Amara", "family_name": "Okafor"})
    row.update(cells)
    return row


def _one(**cells: str) -> tuple[dict[str, object] | None, list[tuple[str, str]]]:
    """The row's fields as kept (None if rejected) and its warnings as (field, reason)."""
    checked = rows_check([_row(**cells)], today=TODAY)
    row = next(iter(checked.rows.values()), None)
    warnings = [(warning.field, warning.reason) for warning in checked.warnings]
    return (row.fields() if row else None), warnings


# --- The header ----------------------------------------------------------------------------------


def test_the_nine_columns_in_any_order_and_case_are_accepted() -> None:
    assert header_problem(reversed([c.upper() + " " for c in COLUMNS])) == ""


def test_an_unknown_column_is_refused_naming_it() -> None:
    problem = header_problem([*COLUMNS, "ethnicity"])
    assert '"ethnicity" is not one this file may have' in problem


def test_a_missing_column_is_refused_naming_it() -> None:
    columns = [c for c in COLUMNS if c not in ("upn", "sex")]
    assert header_problem(columns) == "the columns sex, upn are missing"
    assert header_problem(COLUMNS[:-1]) == "the column upn is missing"


def test_a_column_named_twice_is_refused() -> None:
    assert header_problem([*COLUMNS, "Postcode"]) == 'the column "postcode" is named twice'


# --- Identifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", ["9434765919", "943 476 5919", "943-476-5919"])
def test_a_valid_nhs_number_is_kept_as_ten_digits(sent: str) -> None:
    fields, warnings = _one(nhs_number=sent)
    assert fields is not None
    assert fields["nhs_number"] == "9434765919"
    assert warnings == []


@pytest.mark.parametrize(
    ("sent", "why"),
    [("943 476 5918", "its check digit is wrong"), ("943 476 591", "it is not ten digits")],
)
def test_an_invalid_nhs_number_is_blanked_with_a_warning(sent: str, why: str) -> None:
    fields, warnings = _one(nhs_number=sent)
    assert fields is not None
    assert fields["nhs_number"] == ""
    assert warnings == [("nhs_number", f'the NHS number "{sent}" is not valid: {why}')]


def test_a_valid_upn_is_kept_and_an_invalid_check_letter_warned() -> None:
    fields, warnings = _one(upn=VALID_UPN.lower())
    assert fields is not None
    assert fields["upn"] == VALID_UPN
    assert warnings == []
    fields, warnings = _one(upn="C801200005001")
    assert fields is not None
    assert fields["upn"] == ""
    assert [field for field, _ in warnings] == ["upn"]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("SO14 7LY", "SO14 7LY"),
        ("so147ly", "SO14 7LY"),
        (" so14   7ly ", "SO14 7LY"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_a_uk_postcode_is_kept_upper_case_with_one_space(sent: str, kept: str) -> None:
    fields, warnings = _one(postcode=sent)
    assert fields is not None
    assert fields["postcode"] == kept
    assert warnings == []


@pytest.mark.parametrize("sent", ["SO14", "QO14 7LY", "SO14 7LC", "12345", "SO14 7LYY", "=1+1"])
def test_a_postcode_not_in_the_uk_format_is_blanked_with_a_warning(sent: str) -> None:
    fields, warnings = _one(postcode=sent)
    assert fields is not None
    assert fields["postcode"] == ""
    assert warnings == [("postcode", f'the postcode "{sent}" is not a UK postcode')]


# --- Date of birth and sex ------------------------------------------------------------------


def test_a_date_of_birth_in_the_plausible_range_is_kept() -> None:
    for born in ("2001-12-04", "2026-12-04", "2016-02-29"):
        fields, warnings = _one(date_of_birth=born)
        assert fields is not None
        assert fields["date_of_birth"] == datetime.date.fromisoformat(born)
        assert warnings == []


@pytest.mark.parametrize(
    ("born", "why"),
    [
        ("2026-12-05", "the date of birth 5 December 2026 is in the future"),
        ("2001-12-03", "the date of birth 3 December 2001 is more than 25 years ago"),
    ],
)
def test_an_implausible_date_of_birth_is_blanked_with_a_warning(born: str, why: str) -> None:
    fields, warnings = _one(date_of_birth=born)
    assert fields is not None
    assert fields["date_of_birth"] is None
    assert len(warnings) == 1
    assert warnings[0][0] == "date_of_birth"
    assert why in warnings[0][1]


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("F", "F"),
        ("female", "F"),
        ("Girl", "F"),
        ("m", "M"),
        ("MALE", "M"),
        ("1", "M"),
        ("X", "X"),
        ("indeterminate", "X"),
        ("U", "U"),
        ("Not known", "U"),
        ("", ""),
    ],
)
def test_sex_as_a_code_or_a_word(sent: str, kept: str) -> None:
    fields, warnings = _one(sex=sent)
    assert fields is not None
    assert fields["sex"] == kept
    assert warnings == []


def test_an_unknown_sex_is_blanked_with_a_warning() -> None:
    fields, warnings = _one(sex="Q")
    assert fields is not None
    assert fields["sex"] == ""
    assert [field for field, _ in warnings] == ["sex"]


# --- Rejected rows ---------------------------------------------------------------------------


def test_unusable_rows_are_rejected_with_their_line_and_reason() -> None:
    rows = [
        _row(record_id="A1"),
        _row(record_id=""),
        _row(record_id="A3", given_name="", family_name=""),
        _row(record_id="A4", date_of_birth="14/05/2016"),
        _row(record_id="A5", family_name="x" * 101),
        _row(record_id="A6", given_name="", family_name="Okafor"),
    ]
    checked = rows_check(rows, today=TODAY)
    assert sorted(checked.rows) == ["A1", "A6"]
    assert [(r.line, r.record_id, r.reason) for r in checked.rejections] == [
        (3, "", "it has no record_id"),
        (4, "A3", "it has no name: a given name or a family name is needed"),
        (5, "A4", 'the date of birth "14/05/2016" is not a date as YYYY-MM-DD'),
        (6, "A5", "the family name is 101 characters long: at most 100 fit"),
    ]


def test_a_record_id_twice_in_a_file_rejects_every_line_of_it() -> None:
    rows = [_row(record_id="A1"), _row(record_id="B2"), _row(record_id="A1", sex="bad")]
    checked = rows_check(rows, today=TODAY)
    assert list(checked.rows) == ["B2"]
    assert [(r.line, r.record_id) for r in checked.rejections] == [(2, "A1"), (4, "A1")]
    assert "is on lines 2, 4" in checked.rejections[0].reason
    assert checked.warnings == []  # the warning of a rejected line is not reported too


def test_a_date_that_does_not_exist_is_not_a_date() -> None:
    checked = rows_check([_row(date_of_birth="2016-02-30")], today=TODAY)
    assert checked.rows == {}
    assert len(checked.rejections) == 1


def test_formula_looking_cells_are_kept_as_text() -> None:
    fields, warnings = _one(given_name='=HYPERLINK("x")', address="+44 Road")
    assert fields is not None
    assert fields["given_name"] == '=HYPERLINK("x")'
    assert fields["address"] == "+44 Road"
    assert warnings == []


def test_the_same_fields_hash_the_same_and_a_change_hashes_differently() -> None:
    first = rows_check([_row(postcode="so14 7ly")], today=TODAY).rows["A1"]
    again = rows_check([_row(postcode="SO147LY")], today=TODAY).rows["A1"]
    moved = rows_check([_row(postcode="SO15 2AA")], today=TODAY).rows["A1"]
    assert first.content_hash == again.content_hash != moved.content_hash
