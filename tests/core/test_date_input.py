"""GOV.UK's date input: three boxes, GOV.UK's error messages, each box kept as typed."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from childtrust.core.forms import GovukDateField, GovukFormMixin


class DueForm(GovukFormMixin, forms.Form):
    due_on = GovukDateField(
        label="Due date", what="the due date", help_text="For example, 27 3 2027"
    )


class OptionalForm(GovukFormMixin, forms.Form):
    done_on = GovukDateField(label="Done on", what="the date it was done", required=False)


def _posted(day: str, month: str, year: str) -> DueForm:
    return DueForm({"due_on_day": day, "due_on_month": month, "due_on_year": year})


def test_three_boxes_make_a_date() -> None:
    form = _posted("7", "03", "2027")
    assert form.is_valid()
    assert form.cleaned_data["due_on"] == datetime.date(2027, 3, 7)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the due date"),
        ("7", "", "2027", "The due date must include a month"),
        ("", "", "2027", "The due date must include a day and a month"),
        ("31", "2", "2027", "The due date must be a real date"),
        ("7", "3", "27", "The due date must be a real date"),
        ("seven", "3", "2027", "The due date must be a real date"),
    ],
)
def test_bad_dates_get_govuk_messages(day: str, month: str, year: str, message: str) -> None:
    form = _posted(day, month, year)
    assert not form.is_valid()
    assert form.errors["due_on"] == [message]


def test_an_optional_date_may_be_left_empty() -> None:
    form = OptionalForm({"done_on_day": "", "done_on_month": "", "done_on_year": ""})
    assert form.is_valid()
    assert form.cleaned_data["done_on"] is None


def test_the_boxes_keep_what_was_typed_and_show_the_error() -> None:
    form = _posted("31", "2", "2027")
    form.is_valid()
    html = str(form["due_on"])
    assert 'name="due_on_day"' in html
    assert 'value="31"' in html
    assert html.count("govuk-input--error") == 3
    assert 'inputmode="numeric"' in html


def test_a_date_already_held_is_shown_in_its_boxes() -> None:
    html = str(DueForm(initial={"due_on": datetime.date(2027, 3, 7)})["due_on"])
    assert 'value="7"' in html
    assert 'value="3"' in html
    assert 'value="2027"' in html
    assert "govuk-input--error" not in html
