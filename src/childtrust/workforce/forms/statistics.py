"""Forms for the national workforce statistics: the open data file to load, and the comparator
authorities to compare the partnership with."""

from __future__ import annotations

from typing import IO, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import CsvStream, open_csv_stream
from childtrust.core.forms import CsvFileField, GovukFormMixin, megabytes
from childtrust.workforce.selectors.statistics import AreaRef
from childtrust.workforce.statistics_csv import statistics_columns_problem

# The open data file for every year since 2017 is under 1 MB; 20 MB leaves room for many more.
# A file over core.import_jobs.INLINE_MAX_BYTES is loaded in the background.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class StatisticsUploadForm(GovukFormMixin, forms.Form):
    file = CsvFileField(
        max_bytes=MAX_UPLOAD_BYTES,
        help_text=(
            f"The national statistics' open data file, csww_indicators_*.csv, as published "
            f"(smaller than {megabytes(MAX_UPLOAD_BYTES)})."
        ),
    )

    def clean_file(self) -> UploadedFile:
        """The file is read as a stream: its encoding and header are checked here, its rows by
        the load, one at a time."""
        uploaded: UploadedFile = self.cleaned_data["file"]
        name = uploaded.name or "you chose"
        try:
            stream = open_csv_stream(cast(IO[bytes], uploaded.file))
        except CsvFileError as error:
            raise ValidationError(error.message_for(name)) from None
        problem = statistics_columns_problem(name, stream.columns)
        if problem:
            raise ValidationError(problem)
        self.csv_stream: CsvStream = stream
        return uploaded


class ComparatorsForm(GovukFormMixin, forms.Form):
    area_codes = forms.MultipleChoiceField(
        label="Comparator authorities",
        help_text="Choose the local authorities to show beside the partnership's own.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, authorities: list[AreaRef], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["area_codes"])
        field.choices = [(area.code, f"{area.name} ({area.code})") for area in authorities]
