"""GOV.UK Frontend classes and error states for Django's form widgets, and the one way a page
writes through a service from a form (`form_write`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.http import HttpRequest

Written = TypeVar("Written")


Record = TypeVar("Record", bound=Model)

# A record's id as a form may send it: digits, short enough for a 64-bit integer.
_RECORD_ID = re.compile(r"[0-9]{1,18}")


class RecordsChoiceField(forms.ModelMultipleChoiceField[Record]):
    """Django's multiple choice of records, refusing a value that is not a plausible id with
    the field's "not a valid value" message, before it reaches the database: SQLite raises
    OverflowError (a server error) for an id too large for its integers."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        if key == "pk":
            for each in value:
                if not _RECORD_ID.fullmatch(str(each)):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": each},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs


class GovukDateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three text boxes inside one fieldset, which
    people type more reliably than a date picker and which works without JavaScript. Rendered
    by components/field.html; the inputs are named `<name>_day`, `<name>_month`, `<name>_year`."""

    template_name = "components/date_input_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs
        )

    def id_for_label(self, id_: str) -> str:
        """The day box (MultiWidget numbers its boxes' ids 0, 1, 2): where the error summary's
        link takes the reader."""
        return f"{id_}_0" if id_ else id_

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date in GOV.UK's date input, with GOV.UK's error messages: "Enter the due date",
    "The due date must include a month", "The due date must be a real date". `what` names the
    date inside those messages ("the due date")."""

    widget = GovukDateInput

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        self.what = what
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> datetime.date | None:
        day, month, year = (str(part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {self.what}", code="required")
            return None
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(
                f"{self._subject} must include a {' and a '.join(missing)}", code="incomplete"
            )
        try:
            if len(year) != 4:
                raise ValueError
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self._subject} must be a real date", code="invalid") from None

    def compress(self, data_list: list[Any]) -> datetime.date | None:  # clean does the work
        raise NotImplementedError

    @property
    def _subject(self) -> str:
        return self.what[:1].upper() + self.what[1:]


WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.EmailInput: "govuk-input",
    forms.URLInput: "govuk-input",
    forms.PasswordInput: "govuk-input govuk-input--width-20",
    forms.TextInput: "govuk-input",
    forms.FileInput: "govuk-file-upload",
    GovukDateInput: "govuk-date-input",
}
ERROR_CLASSES = {
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-input": "govuk-input--error",
    "govuk-file-upload": "govuk-file-upload--error",
    # Not a GOV.UK class: it tells the date input's template to mark its three boxes.
    "govuk-date-input": "govuk-date-input--error",
}


def _as_text_input(field: forms.Field) -> None:
    """GOV.UK asks for numbers in text inputs: a number input rounds, changes its value when
    scrolled and refuses "1,250". Integers get the numeric keyboard, other numbers the decimal."""
    if not isinstance(field.widget, forms.NumberInput):
        return
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in {"step", "min", "max"}}
    # Django's DecimalField and FloatField are IntegerFields too.
    whole = not isinstance(field, forms.DecimalField | forms.FloatField)
    attrs.setdefault("inputmode", "numeric" if whole else "decimal")
    attrs["spellcheck"] = "false"
    if "govuk-input--width" not in attrs.get("class", ""):
        attrs["class"] = f"govuk-input--width-10 {attrs.get('class', '')}".strip()
    field.widget = forms.TextInput(attrs)


def _base_class(widget: forms.Widget) -> str | None:
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
        return None
    for widget_type, css in WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return None


class GovukFormMixin:
    """Mix into a Form or ModelForm: widgets get GOV.UK classes, hints and errors are linked."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            _as_text_input(field)
            css = _base_class(field.widget)
            if css:
                field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            self._show_error_on(name)

    def add_error(self, field: str | None, error: Any) -> None:
        """Also for errors a view adds after validation, such as a service's refusal."""
        super().add_error(field, error)  # type: ignore[misc]
        if isinstance(error, dict):
            names: Any = error
        else:
            names = error.error_dict if hasattr(error, "error_dict") else [field]
        for name in names:
            if name is not None:
                self._show_error_on(name)

    def _show_error_on(self, name: str) -> None:
        """The field's error class and its error message linked; doing it twice changes nothing."""
        field = self.fields.get(name)
        if field is None:
            return
        css = field.widget.attrs.get("class", "").split()
        css += [error_css for base, error_css in ERROR_CLASSES.items() if base in css]
        field.widget.attrs["class"] = " ".join(dict.fromkeys(css))
        described = field.widget.attrs.get("aria-describedby", "").split()
        field.widget.attrs["aria-describedby"] = " ".join(
            dict.fromkeys([*described, f"id_{name}-error"])
        )


def megabytes(size: int) -> str:
    """A file size as people read it: "5 MB"."""
    return f"{size / (1024 * 1024):g} MB"


class CsvFileField(forms.FileField):
    """A CSV file to upload, no larger than `max_bytes`: every upload page's file question, with
    the same words for the same mistakes. Reading the rows is left to the form."""

    def __init__(self, *, max_bytes: int, help_text: str, **kwargs: Any) -> None:
        super().__init__(
            label="Upload a file",
            help_text=help_text,
            widget=forms.FileInput(attrs={"accept": ".csv"}),
            error_messages={
                "required": "Select a CSV file",
                "empty": "The selected file is empty",
                "invalid": "Select a CSV file",
                "missing": "Select a CSV file",
            },
            **kwargs,
        )
        self.max_bytes = max_bytes

    def clean(self, data: Any, initial: Any = None) -> UploadedFile | None:
        uploaded: UploadedFile | None = super().clean(data, initial)
        if uploaded is None:
            return None
        if not (uploaded.name or "").lower().endswith(".csv"):
            raise ValidationError("The selected file must be a CSV")
        if uploaded.size is not None and uploaded.size > self.max_bytes:
            raise ValidationError(
                f"The selected file must be smaller than {megabytes(self.max_bytes)}"
            )
        return uploaded


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: each message on its field when the form
    has that field, otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def form_write(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], Written],
) -> Written | None:
    """The one way a page writes: on a POST whose form is valid, calls the service with the
    form's cleaned data and returns what it wrote; otherwise, or when the service refuses the
    input (ValidationError), returns None with every message on the form. A service's
    PermissionDenied is not caught: Django answers it with the 403 page (core.errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
