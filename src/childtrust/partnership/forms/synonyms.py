"""The form for the search's synonyms: a word or acronym and what it means. The synonyms
service holds the rules (not empty, not the same as each other, not already there)."""

from __future__ import annotations

from django import forms

from childtrust.core.forms import GovukFormMixin
from childtrust.partnership.forms.fields import text_field


class SynonymForm(GovukFormMixin, forms.Form):
    term = text_field(
        "Word or acronym",
        required_message="Enter the word or acronym",
        max_length=100,
        help_text="What people type, such as HV or front door.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    meaning = text_field(
        "What it means",
        required_message="Enter what it means",
        max_length=200,
        help_text=(
            "Such as health visitor. A search for either finds the other, and words that share "
            "a meaning find each other."
        ),
    )
