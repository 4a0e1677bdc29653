"""Outcomes forms: uploading a file of indicator data, and keeping an indicator."""

from __future__ import annotations

from typing import IO, Any, cast

from django import forms
from django.db import models

from childtrust.core.csv_files import CsvFileError
from childtrust.core.csv_stream import CsvStream, open_csv_stream
from childtrust.core.forms import CsvFileField, GovukFormMixin, megabytes
from childtrust.outcomes.indicator_files import (
    FINGERTIPS_REQUIRED_COLUMNS,
    LOCAL_REQUIRED_COLUMNS,
)
from childtrust.outcomes.models import Polarity, ValueType
from childtrust.outcomes.services.indicators import (
    INDICATOR_FIELDS,
    MAX_MULTIPLIER,
    MAX_PERIOD_YEARS,
)
from childtrust.partnership.models import FrameworkIndicator, Priority
from childtrust.partnership.selectors.framework import (
    framework_indicators_with_priority,
    priorities_with_outcome,
)

# A year of a profile's indicators for every area in England is a few megabytes; 20 MB leaves room.
# A file over core.import_jobs.INLINE_MAX_BYTES is loaded in the background, not in the request.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class FileKind(models.TextChoices):
    FINGERTIPS = "fingertips", "The public health profiles' export (Fingertips)"
    LOCAL = "local", "The partnership's own counts and denominators"


class IndicatorUploadForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of file is it?",
        choices=FileKind.choices,
        widget=forms.RadioSelect,
        help_text=(
            "The public health profiles' export is the CSV file the Fingertips website gives for "
            "an indicator or profile. The partnership's own counts need the columns indicator, "
            "area_code, area_name, area_type, period, count and denominator, and may have "
            "period_years (how many years each period covers, 1 to 10) and, for a ward, "
            "imd_decile (its deprivation decile, 1 the most deprived to 10) and imd_source."
        ),
        error_messages={"required": "Select what kind of file it is"},
    )
    file = CsvFileField(
        max_bytes=MAX_UPLOAD_BYTES,
        help_text=f"A CSV file, smaller than {megabytes(MAX_UPLOAD_BYTES)}.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        uploaded = cleaned.get("file")
        kind = cleaned.get("kind")
        if uploaded is None or kind is None:
            return cleaned
        required = LOCAL_REQUIRED_COLUMNS if kind == FileKind.LOCAL else FINGERTIPS_REQUIRED_COLUMNS
        # The file is read as a stream: its encoding, header and first row are checked here, the
        # rows by the import, one at a time.
        try:
            cleaned["csv_stream"] = open_csv_stream(
                cast(IO[bytes], uploaded.file), required=required
            )
        except CsvFileError as error:
            self.add_error("file", error.message_for(self.file_name))
        return cleaned

    @property
    def file_name(self) -> str:
        uploaded = self.cleaned_data.get("file") if hasattr(self, "cleaned_data") else None
        return (uploaded.name if uploaded is not None else None) or "you chose"

    @property
    def csv_stream(self) -> CsvStream:
        stream: CsvStream = self.cleaned_data["csv_stream"]
        return stream


# --- Keeping an indicator

# The form asks for every field a keeper may change, in the order the service lists them.
INDICATOR_FORM_FIELDS = INDICATOR_FIELDS
_PERIOD_YEARS_MESSAGE = f"Enter how many years each period covers, from 1 to {MAX_PERIOD_YEARS}"
_MULTIPLIER_MESSAGE = (
    f"Enter a multiplier between 1 and {MAX_MULTIPLIER:,}, such as 100 for a percentage "
    "or 100000 for a rate per 100,000"
)


class _PriorityChoice(forms.ModelChoiceField[Priority]):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.outcome}: {obj.title}"


class _FrameworkIndicatorChoice(forms.ModelChoiceField[FrameworkIndicator]):
    def label_from_instance(self, obj: FrameworkIndicator) -> str:
        return f"{obj.name} (priority: {obj.priority})"


def _optional_text(label: str, *, max_length: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


class IndicatorForm(GovukFormMixin, forms.Form):
    """What the partnership keeps about an indicator. The service checks the rules that join
    fields together (a framework indicator of the chosen priority, a proportion's multiplier)."""

    name = forms.CharField(
        label="Name",
        max_length=300,
        help_text=(
            "For the partnership's own indicators, uploaded files find the indicator by this "
            "name. For an indicator from the public health profiles, the next upload sets the "
            "name from the file."
        ),
        error_messages={
            "required": "Enter the indicator's name",
            "max_length": "The name must be 300 characters or fewer",
        },
    )
    definition = forms.CharField(
        label="Definition",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is counted, out of whom, over what period.",
    )
    source = _optional_text("Source", max_length=300)
    priority = _PriorityChoice(
        label="Framework priority",
        queryset=priorities_with_outcome(),
        required=False,
        empty_label="Not linked to a priority",
        help_text="The priority of the outcomes framework this indicator shows progress on.",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    framework_indicator = _FrameworkIndicatorChoice(
        label="Framework indicator",
        queryset=framework_indicators_with_priority(),
        required=False,
        empty_label="Not linked to a framework indicator",
        help_text="Optional. It must be one of the chosen priority's indicators.",
        error_messages={"invalid_choice": "Choose a framework indicator from the list"},
    )
    polarity = forms.ChoiceField(
        label="Polarity",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        help_text="Whether a value above England's is better, worse, or only higher.",
        error_messages={"required": "Choose the indicator's polarity"},
    )
    value_type = forms.ChoiceField(
        label="Value type",
        choices=[("", "Not set yet"), *ValueType.choices],
        required=False,
        help_text=(
            "How missing confidence intervals are worked out: from the count and denominator "
            "for a proportion, crude rate or count, from the observed count for an indirectly "
            "standardised rate; a directly standardised rate or a mean keeps its file's own."
        ),
        error_messages={"invalid_choice": "Choose a value type from the list"},
    )
    multiplier = forms.IntegerField(
        label="Multiplier",
        min_value=1,
        max_value=MAX_MULTIPLIER,
        help_text="Per how many: 100 for a percentage, 100000 for a rate per 100,000.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the multiplier, such as 100 for a percentage",
            "invalid": "Enter the multiplier as a whole number, such as 100",
            "min_value": _MULTIPLIER_MESSAGE,
            "max_value": _MULTIPLIER_MESSAGE,
        },
    )
    comparison_method = _optional_text(
        "Comparison method",
        max_length=100,
        help_text='Optional. Such as "confidence intervals 95/99.8".',
    )
    age = _optional_text("Age", max_length=100, help_text='Optional. Such as "0-17 yrs".')
    sex = _optional_text("Sex", max_length=40, help_text='Optional. Such as "Persons".')
    unit = _optional_text(
        "Unit",
        max_length=100,
        help_text=(
            'Optional. What each value is per, as pages show it beside the value, such as "per '
            '1,000 live births". Left blank, it is worked out from the value type, multiplier, '
            'sex and age: "%" for a percentage, "per 100,000 aged 0 to 17" for a rate.'
        ),
    )
    period_years = forms.IntegerField(
        label="Years each period covers",
        min_value=1,
        max_value=MAX_PERIOD_YEARS,
        help_text=(
            "1 for single years (or quarters), 3 for three-year periods such as 2015 - 17. "
            "A recent trend is worked out only on periods that do not overlap: rolling "
            "three-year periods (2015 - 17, 2016 - 18) get none."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter how many years each period covers, such as 1",
            "invalid": "Enter how many years each period covers as a whole number, such as 3",
            "min_value": _PERIOD_YEARS_MESSAGE,
            "max_value": _PERIOD_YEARS_MESSAGE,
        },
    )
