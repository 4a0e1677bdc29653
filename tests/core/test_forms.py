"""GOV.UK error states on every form (core.forms), the one CSV file question, and the one way
a page writes through a service (form_write)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import RequestFactory

from childtrust.core.forms import CsvFileField, GovukFormMixin, RecordsChoiceField, form_write
from childtrust.partnership.models import Agency


class _UploadForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name")
    file = CsvFileField(max_bytes=1024 * 1024, help_text="A CSV file smaller than 1 MB.")


def _form(content: bytes = b"a,b\n", name: str = "spend.csv") -> _UploadForm:
    return _UploadForm({"name": "Spend"}, {"file": SimpleUploadedFile(name, content)})


def test_a_good_csv_file_is_accepted() -> None:
    assert _form().is_valid()


def test_a_file_that_is_not_a_csv_is_refused() -> None:
    form = _form(name="spend.xlsx")
    assert not form.is_valid()
    assert form.errors["file"] == ["The selected file must be a CSV"]


def test_a_file_over_the_limit_is_refused_with_the_limit() -> None:
    form = _form(content=b"a,b\n" + b"1,2\n" * (256 * 1024))
    assert not form.is_valid()
    assert form.errors["file"] == ["The selected file must be smaller than 1 MB"]


def test_no_file_is_refused_in_words() -> None:
    form = _UploadForm({"name": "Spend"}, {})
    assert not form.is_valid()
    assert form.errors["file"] == ["Select a CSV file"]


def test_the_file_input_shows_its_error_state_and_links_its_message() -> None:
    form = _form(name="spend.txt")
    form.is_valid()
    attrs = form.fields["file"].widget.attrs
    assert attrs["class"].split() == ["govuk-file-upload", "govuk-file-upload--error"]
    assert attrs["aria-describedby"].split() == ["id_file-hint", "id_file-error"]


def test_an_error_a_view_adds_after_validation_shows_on_its_field_once() -> None:
    form = _form()
    assert form.is_valid()
    form.add_error("file", "The file spend.csv has 2 problems")
    form.add_error(None, ValidationError({"name": "There is already a year called Spend"}))
    form.add_error("file", "And another")
    assert form.fields["file"].widget.attrs["class"].count("govuk-file-upload--error") == 1
    assert form.fields["file"].widget.attrs["aria-describedby"].split().count("id_file-error") == 1
    assert "govuk-input--error" in form.fields["name"].widget.attrs["class"]


class _NameForm(forms.Form):
    name = forms.CharField()


def _posted(data: dict[str, str]) -> HttpRequest:
    return RequestFactory().post("/", data)


def test_form_write_calls_the_service_with_the_cleaned_data_on_a_valid_post() -> None:
    form = _NameForm({"name": " Harbour "})
    written = form_write(_posted({}), form, lambda data: f"saved {data['name']}")
    assert written == "saved Harbour"


def test_form_write_writes_nothing_on_a_get_or_an_invalid_form() -> None:
    calls: list[dict[str, object]] = []
    assert form_write(RequestFactory().get("/"), _NameForm({"name": "x"}), calls.append) is None
    assert form_write(_posted({}), _NameForm({}), calls.append) is None
    assert calls == []


def test_form_write_puts_each_refusal_on_its_field_or_above_the_form() -> None:
    form = _NameForm({"name": "Harbour"})

    def refuse(_data: dict[str, object]) -> None:
        raise ValidationError({"name": "That name is taken", "other": "Something else is wrong"})

    assert form_write(_posted({}), form, refuse) is None
    assert form.errors["name"] == ["That name is taken"]
    assert form.non_field_errors() == ["Something else is wrong"]


def test_form_write_lets_a_permission_refusal_rise_to_the_403_page() -> None:
    def refuse(_data: dict[str, object]) -> None:
        raise PermissionDenied("Your role does not allow you to rename it.")

    with pytest.raises(PermissionDenied):
        form_write(_posted({}), _NameForm({"name": "Harbour"}), refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["99999999999999999999", "1e3", "-1", "one", " 1"])
def test_a_choice_of_records_refuses_an_impossible_id_with_a_message_not_a_server_error(
    sent: str,
) -> None:
    """SQLite cannot hold an id of 20 digits: sent as is, it raised OverflowError (a 500)."""

    class AgenciesForm(GovukFormMixin, forms.Form):
        agencies = RecordsChoiceField(queryset=Agency.objects.all())

    form = AgenciesForm({"agencies": [sent]})
    assert not form.is_valid()
    assert "is not a valid value" in form.errors["agencies"][0]
