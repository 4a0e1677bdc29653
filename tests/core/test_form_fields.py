"""GOV.UK patterns shared by the forms (issue 14): money as a text input with a £ prefix, numbers
never in number inputs, the date input's error link, a choice of one person grouped by agency
that works without JavaScript, and the conditional reveal whose content is there without it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django import forms
from django.template.loader import render_to_string

from childtrust.core.form_fields import MoneyField, PersonChoiceField
from childtrust.core.forms import GovukDateField, GovukFormMixin
from childtrust.partnership.models import StaffMember
from tests.factories import AgencyFactory, StaffMemberFactory


class _MoneyForm(GovukFormMixin, forms.Form):
    budget = MoneyField(label="Budget", what="the budget")
    credit = MoneyField(label="Credit", what="the credit", allow_negative=True, required=False)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1250", Decimal("1250")),
        ("1,234.50", Decimal("1234.50")),
        ("£1,234.50", Decimal("1234.50")),
        (" £ 1,234 ", Decimal("1234")),
        ("0.5", Decimal("0.5")),
    ],
)
def test_money_is_read_as_people_write_it(typed: str, expected: Decimal) -> None:
    form = _MoneyForm({"budget": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget"] == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the budget"),
        ("12.3.4", "Enter the budget as an amount in pounds, like 1,250 or 1,250.50"),
        ("lots", "Enter the budget as an amount in pounds, like 1,250 or 1,250.50"),
        ("£", "Enter the budget"),
        ("NaN", "Enter the budget as an amount in pounds, like 1,250 or 1,250.50"),
        ("-5", "The budget must be £0 or more"),
        ("12.345", "Enter the budget to the penny, with at most 2 decimal places"),
        ("1" * 13, "The budget must be less than £1,000,000,000,000"),
    ],
)
def test_bad_money_gets_a_message_that_says_what_to_type(typed: str, message: str) -> None:
    form = _MoneyForm({"budget": typed})
    assert not form.is_valid()
    assert form.errors["budget"] == [message]


def test_money_may_be_negative_where_the_form_allows_it() -> None:
    form = _MoneyForm({"budget": "1", "credit": "-£250"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["credit"] == Decimal("-250")


def test_money_is_a_text_input_with_a_pound_prefix_and_the_decimal_keyboard() -> None:
    html = str(_MoneyForm()["budget"])
    assert 'type="text"' in html
    assert 'type="number"' not in html
    assert 'inputmode="decimal"' in html
    assert 'spellcheck="false"' in html
    assert "step=" not in html
    assert re.search(r'class="govuk-input__prefix" aria-hidden="true">£</div>\s*<input', html)
    assert 'class="govuk-input govuk-input--width-10"' in html


def test_money_shows_its_error_state() -> None:
    form = _MoneyForm({"budget": "x"})
    form.is_valid()
    html = str(form["budget"])
    assert "govuk-input--error" in html
    assert 'aria-describedby="id_budget-error"' in html


class _CountsForm(GovukFormMixin, forms.Form):
    children = forms.IntegerField(label="Children", min_value=0)
    share = forms.DecimalField(label="Share", max_value=Decimal("1"))


def test_numbers_are_text_inputs_with_the_right_keyboard() -> None:
    form = _CountsForm()
    children, share = str(form["children"]), str(form["share"])
    assert 'type="text"' in children
    assert 'inputmode="numeric"' in children
    assert 'type="text"' in share
    assert 'inputmode="decimal"' in share
    assert 'type="number"' not in children + share
    assert "min=" not in children
    assert "step=" not in share
    assert set(_CountsForm({"children": "-1", "share": "2"}).errors) == {"children", "share"}


class _DateForm(GovukFormMixin, forms.Form):
    due_on = GovukDateField(label="Due date", what="the due date")


def test_the_error_summary_links_a_date_to_its_day_box() -> None:
    form = _DateForm({"due_on_day": "31", "due_on_month": "2", "due_on_year": "2026"})
    assert not form.is_valid()
    summary = render_to_string("components/error_summary.html", {"form": form})
    assert '<a href="#id_due_on_0">The due date must be a real date</a>' in summary
    assert 'id="id_due_on_0" name="due_on_day"' in str(form["due_on"])


class _OwnerForm(GovukFormMixin, forms.Form):
    owner = PersonChoiceField(
        label="Owner", queryset=StaffMember.objects.order_by("family_name"), empty_label="Choose"
    )


@pytest.mark.django_db
def test_a_person_is_chosen_from_a_select_grouped_by_agency_without_javascript() -> None:
    police, health = AgencyFactory(name="Police"), AgencyFactory(name="Health trust")
    ash = StaffMemberFactory(given_name="Sam", family_name="Ash", agency=police)
    birch = StaffMemberFactory(given_name="Lee", family_name="Birch", agency=health)
    cole = StaffMemberFactory(given_name="Jo", family_name="Cole", agency=police)

    html = str(_OwnerForm()["owner"])

    assert html.index('<option value="" selected>Choose</option>') < html.index("<optgroup")
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', html, re.S)
    assert [label for label, _ in groups] == ["Health trust", "Police"]
    assert re.findall(r'value="(\d+)"', groups[1][1]) == [str(ash.pk), str(cole.pk)]
    assert str(birch.pk) in groups[0][1]
    assert '<select name="owner"' in html
    assert "data-person-autocomplete" in html
    # The enhancement is a script of the service's own (allowed by the CSP without a nonce).
    assert '<script type="module" src="/static/childtrust/person-autocomplete.js">' in html
    assert _OwnerForm({"owner": str(birch.pk)}).is_valid()


@pytest.mark.django_db
def test_grouping_people_reads_their_agencies_in_one_query(
    django_assert_num_queries: object,
) -> None:
    for _ in range(5):
        StaffMemberFactory()
    form = _OwnerForm()
    with django_assert_num_queries(1):  # type: ignore[operator]
        str(form["owner"])


class _AudienceForm(GovukFormMixin, forms.Form):
    agencies = forms.MultipleChoiceField(label="Agencies", required=False)
    localities = forms.MultipleChoiceField(label="Localities", required=False)
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=[("whole", "Everyone"), ("chosen", "The teams I choose")],
        widget=forms.RadioSelect,
    )
    teams = forms.MultipleChoiceField(
        label="Teams",
        required=False,
        choices=[(str(n), f"Team {n}") for n in range(39)],
        widget=forms.CheckboxSelectMultiple,
    )


def _reveal(form: _AudienceForm) -> str:
    return render_to_string(
        "components/radios_conditional.html",
        {
            "form": form,
            "field": form["audience"],
            "reveal_value": "chosen",
            "reveal_template": "voice/_message_audience_choices.html",
        },
    )


def test_the_revealed_choices_are_in_the_page_for_those_without_javascript() -> None:
    html = _reveal(_AudienceForm({"audience": "whole"}))
    assert 'data-aria-controls="id_audience-conditional"' in html
    assert html.count("data-aria-controls") == 1
    conditional = re.search(r'<div class="([^"]*)" id="id_audience-conditional">', html)
    assert conditional is not None
    # Hidden by GOV.UK Frontend's script only: the class hides it once the script has run.
    assert "govuk-radios__conditional--hidden" in conditional.group(1)
    assert html.count('type="checkbox"') == 39
    assert (
        html.index('value="chosen"')
        < html.index("id_audience-conditional")
        < html.index('name="teams"')
    )


def test_the_revealed_choices_are_open_when_chosen() -> None:
    html = _reveal(_AudienceForm({"audience": "chosen", "teams": ["3"]}))
    assert "govuk-radios__conditional--hidden" not in html
    assert re.search(r'value="3" checked', html)


class _ChoicesForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    teams = forms.MultipleChoiceField(
        label="Teams", choices=[("1", "One")], widget=forms.CheckboxSelectMultiple
    )
    agreed = forms.BooleanField(label="I agree")


def test_the_error_summary_links_radios_and_checkboxes_to_the_first_of_them() -> None:
    form = _ChoicesForm({})
    assert not form.is_valid()
    summary = render_to_string("components/error_summary.html", {"form": form})
    links = re.findall(r'<a href="#([^"]*)">', summary)
    assert links == ["id_kind_0", "id_teams_0", "id_agreed"]
    page = str(form["kind"]) + str(form["teams"]) + str(form["agreed"])
    for link in links:
        assert f'id="{link}"' in page
