"""The search for a child: a name, a date of birth and a postcode, at least one of them."""

from __future__ import annotations

from typing import Any

from django import forms

from childtrust.children.search_keys import name_words, postcode_parts
from childtrust.children.selectors.search import SearchTerms
from childtrust.core.forms import GovukDateField, GovukFormMixin


class ChildSearchForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Given name, family name or both. Nicknames and other spellings are found too.",
    )
    date_of_birth = GovukDateField(
        what="the date of birth",
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2016",
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="The full postcode, such as SO14 7LY, or its first part, such as SO14.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs["class"] += " govuk-input--width-10"
        self.fields["postcode"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["spellcheck"] = "false"

    def clean_postcode(self) -> str:
        text: str = self.cleaned_data["postcode"].strip()
        if text and not any(postcode_parts(text)):
            raise forms.ValidationError(
                "Enter a full postcode, such as SO14 7LY, or its first part, such as SO14"
            )
        return text

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.errors:
            return cleaned
        if not (
            name_words(cleaned.get("name", ""))
            or cleaned.get("date_of_birth")
            or cleaned.get("postcode")
        ):
            self.add_error("name", "Enter a name, a date of birth or a postcode")
        return cleaned

    def terms(self) -> SearchTerms:
        return SearchTerms(
            name=self.cleaned_data["name"],
            date_of_birth=self.cleaned_data["date_of_birth"],
            postcode=self.cleaned_data["postcode"],
        )
