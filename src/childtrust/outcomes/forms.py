"""Outcomes forms: uploading a file of indicator data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from childtrust.core.forms import GovukFormMixin
from childtrust.outcomes.csv_files import CsvFile, CsvFileError, read_csv_file
from childtrust.outcomes.services import FINGERTIPS_REQUIRED_COLUMNS, LOCAL_REQUIRED_COLUMNS

# A year of a profile's indicators for every area in England is a few megabytes; 20 MB leaves room
# without letting one upload hold a worker for long.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class FileKind(models.TextChoices):
    FINGERTIPS = "fingertips", "The public health profiles' export (Fingertips)"
    LOCAL = "local", "The partnership's own counts and denominators"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class IndicatorUploadForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of file is it?",
        choices=FileKind.choices,
        widget=forms.RadioSelect,
        help_text=(
            "The public health profiles' export is the CSV file the Fingertips website gives for "
            "an indicator or profile. The partnership's own counts need the columns indicator, "
            "area_code, area_name, area_type, period, count and denominator."
        ),
        error_messages={"required": "Select what kind of file it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A CSV file, smaller than {_megabytes(MAX_UPLOAD_BYTES)}.",
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
            "missing": "Select a CSV file",
        },
    )

    def clean_file(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["file"]
        if not (uploaded.name or "").lower().endswith(".csv"):
            raise ValidationError("The selected file must be a CSV")
        if uploaded.size is not None and uploaded.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The selected file must be smaller than {_megabytes(MAX_UPLOAD_BYTES)}"
            )
        return uploaded

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        uploaded = cleaned.get("file")
        kind = cleaned.get("kind")
        if uploaded is None or kind is None:
            return cleaned
        required = LOCAL_REQUIRED_COLUMNS if kind == FileKind.LOCAL else FINGERTIPS_REQUIRED_COLUMNS
        uploaded.seek(0)
        try:
            cleaned["csv_file"] = read_csv_file(uploaded.read(), required=required)
        except CsvFileError as error:
            self.add_error("file", error.message_for(self.file_name))
        return cleaned

    @property
    def file_name(self) -> str:
        uploaded = self.cleaned_data.get("file") if hasattr(self, "cleaned_data") else None
        return (uploaded.name if uploaded is not None else None) or "you chose"

    @property
    def csv_file(self) -> CsvFile:
        csv_file: CsvFile = self.cleaned_data["csv_file"]
        return csv_file

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        if field == "file":
            self._mark_file_error()

    def full_clean(self) -> None:
        super().full_clean()
        if "file" in self.errors:
            self._mark_file_error()

    def _mark_file_error(self) -> None:
        # The mixin styles the inputs it knows; the file input takes its own error class.
        widget = self.fields["file"].widget
        css = widget.attrs.get("class", "").split()
        widget.attrs["class"] = " ".join(dict.fromkeys([*css, "govuk-file-upload--error"]))
        described = widget.attrs.get("aria-describedby", "").split()
        widget.attrs["aria-describedby"] = " ".join(dict.fromkeys([*described, "id_file-error"]))
