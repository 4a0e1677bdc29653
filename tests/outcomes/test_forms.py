"""The upload form: which files it accepts and the message it gives for each it refuses."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from childtrust.outcomes import forms as outcome_forms
from childtrust.outcomes.forms import IndicatorUploadForm
from tests.outcomes.test_importer import LOCAL_COLUMNS, local_row
from tests.outcomes.upload_support import csv_bytes, profiles_file


def form_for(
    content: bytes, *, name: str = "profiles.csv", kind: str = "fingertips"
) -> IndicatorUploadForm:
    return IndicatorUploadForm(
        data={"kind": kind}, files={"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_a_good_profiles_export_gives_its_rows_and_encoding() -> None:
    form = form_for(profiles_file())

    assert form.is_valid(), form.errors
    assert len(list(form.csv_stream.rows)) == 5
    assert form.csv_stream.encoding == "UTF-8"
    assert form.file_name == "profiles.csv"


def test_a_windows_1252_file_is_read_and_its_encoding_named() -> None:
    content = csv_bytes(LOCAL_COLUMNS, [local_row(area_name="Hendon \u2013 north")], "cp1252")

    form = form_for(content, kind="local")

    assert form.is_valid(), form.errors
    assert next(form.csv_stream.rows)["area_name"] == "Hendon \u2013 north"
    assert form.csv_stream.encoding == "Windows-1252"


def test_a_file_with_a_byte_order_mark_reads_its_first_column_by_name() -> None:
    form = form_for(b"\xef\xbb\xbf" + profiles_file())

    assert form.is_valid(), form.errors
    assert next(form.csv_stream.rows)["Indicator ID"] == "90812"


@pytest.mark.parametrize("name", ["profiles.xlsx", "profiles.txt", "profiles"])
def test_a_file_not_named_csv_is_refused(name: str) -> None:
    form = form_for(profiles_file(), name=name)

    assert not form.is_valid()
    assert form.errors["file"] == ["The selected file must be a CSV"]


def test_a_file_named_in_capitals_is_accepted() -> None:
    assert form_for(profiles_file(), name="PROFILES.CSV").is_valid()


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = profiles_file()
    monkeypatch.setattr(IndicatorUploadForm.base_fields["file"], "max_bytes", len(content) - 1)

    form = form_for(content)

    assert not form.is_valid()
    assert form.errors["file"][0].startswith("The selected file must be smaller than")


def test_a_file_exactly_at_the_limit_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    content = profiles_file()
    monkeypatch.setattr(IndicatorUploadForm.base_fields["file"], "max_bytes", len(content))

    assert form_for(content).is_valid()


def test_the_default_limit_is_twenty_megabytes() -> None:
    assert outcome_forms.MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert "smaller than 20 MB" in str(IndicatorUploadForm()["file"].help_text)


def test_an_empty_file_is_refused() -> None:
    form = form_for(b"")

    assert form.errors["file"] == ["The selected file is empty"]


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused() -> None:
    # 0x81 is a byte Windows-1252 leaves undefined, and alone it is not UTF-8.
    form = form_for(b"Indicator ID\r\n\x81\r\n")

    assert form.errors["file"] == [
        "The file profiles.csv is not text this can read: nothing was loaded. "
        'Save it from the spreadsheet as "CSV UTF-8 (comma delimited)" and try again.'
    ]


def test_the_columns_are_checked_for_the_kind_of_file_chosen() -> None:
    form = form_for(profiles_file(), kind="local")

    assert not form.is_valid()
    assert "has no column called indicator, area_code" in form.errors["file"][0]


def test_a_kind_that_is_not_offered_is_refused() -> None:
    form = form_for(profiles_file(), kind="spreadsheet")

    assert not form.is_valid()
    assert "kind" in form.errors


def test_a_refused_file_input_is_marked_as_in_error_once() -> None:
    form = form_for(b"", name="profiles.csv")
    form.is_valid()
    form.add_error("file", "Another problem")

    widget = form.fields["file"].widget
    assert widget.attrs["class"] == "govuk-file-upload govuk-file-upload--error"
    assert widget.attrs["aria-describedby"] == "id_file-hint id_file-error"
