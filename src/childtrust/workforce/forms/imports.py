"""The establishment upload's form: the HR export to load."""

from __future__ import annotations

from typing import IO, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import CsvStream, open_csv_stream
from childtrust.core.forms import CsvFileField, GovukFormMixin, megabytes
from childtrust.workforce.establishment_columns import columns_problem

# 50,000 rows of an establishment are about 10 MB; a file over core.import_jobs.INLINE_MAX_BYTES
# is loaded in the background.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class EstablishmentUploadForm(GovukFormMixin, forms.Form):
    file = CsvFileField(
        max_bytes=MAX_UPLOAD_BYTES,
        help_text=(
            f"A CSV file smaller than {megabytes(MAX_UPLOAD_BYTES)}, with the columns listed above."
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
        problem = columns_problem(name, stream.columns)
        if problem:
            raise ValidationError(problem)
        self.csv_stream: CsvStream = stream
        return uploaded
