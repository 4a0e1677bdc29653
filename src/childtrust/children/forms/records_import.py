"""The form that uploads an agency's file of children's records: the agency, from a list, and
the file, whose encoding and header are checked here (the rows by the background load)."""

from __future__ import annotations

from typing import IO, Any, cast

from django import forms

from childtrust.children.record_rows import header_problem
from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import open_csv_stream
from childtrust.core.forms import CsvFileField, GovukFormMixin, megabytes
from childtrust.partnership.selectors.registry import agencies_by_name

#: 100,000 records are about 10 MB: room for the largest agency's extract.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class RecordsUploadForm(GovukFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="Whose records are they?",
        queryset=agencies_by_name().none(),
        empty_label="Choose the agency",
        error_messages={"required": "Choose the agency whose records they are"},
    )
    file = CsvFileField(
        max_bytes=MAX_UPLOAD_BYTES,
        help_text=(
            f"A CSV file, smaller than {megabytes(MAX_UPLOAD_BYTES)}, with exactly the columns "
            "record_id, given_name, family_name, date_of_birth (YYYY-MM-DD), sex, address, "
            "postcode, nhs_number and upn."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = cast(forms.ModelChoiceField, self.fields["agency"])  # type: ignore[type-arg]
        agency.queryset = agencies_by_name()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        uploaded = cleaned.get("file")
        if uploaded is None:
            return cleaned
        name = uploaded.name or "you chose"
        try:
            stream = open_csv_stream(cast(IO[bytes], uploaded.file))
        except CsvFileError as error:
            self.add_error("file", error.message_for(name))
            return cleaned
        problem = header_problem(stream.columns)
        if problem:
            self.add_error("file", f"The file {name} cannot be loaded: {problem}")
        uploaded.file.seek(0)
        return cleaned
