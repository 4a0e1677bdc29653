from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.core.forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your partnership administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )


class OneTimeCodeForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now.",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "The code must be 6 digits",
            "max_length": "The code must be 6 digits",
        },
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def __init__(self, *args: Any, device: TOTPDevice | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("The code must be 6 digits")
        if self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code is not right. Check the time on your phone is correct "
                "and try the newest code."
            )
        return str(code)
