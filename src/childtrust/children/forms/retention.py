"""The retention page's confirmation: how many children the data protection lead was shown and
agreed to anonymise (the service refuses if that is no longer how many are due)."""

from __future__ import annotations

from django import forms

from childtrust.core.forms import GovukFormMixin


class RetentionConfirmForm(GovukFormMixin, forms.Form):
    confirmed = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
