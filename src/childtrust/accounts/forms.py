from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts.models import ApiTokenScope, User
from childtrust.accounts.passwords import password_change_errors, password_rules
from childtrust.accounts.services import API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS
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


class PasswordChangeForm(GovukFormMixin, forms.Form):
    """Current password, then the new one twice. Every problem shows at once: the current
    password wrong, each password rule the new one breaks, and the two new ones different."""

    current_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    new_password = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"},
    )
    new_password_again = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter your new password again"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_password"].help_text = " ".join(password_rules())
        # The mixin links hints when it starts; this one is set after.
        self.fields["new_password"].widget.attrs["aria-describedby"] = "id_new_password-hint"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        current = cleaned.get("current_password", "")
        new = cleaned.get("new_password", "")
        for name, messages in password_change_errors(
            user=self.user, current_password=current, new_password=new
        ).items():
            self.add_error(name, messages)
        again = cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "The new passwords do not match")
        return cleaned


API_TOKEN_DAYS_CHOICES = [
    ("30", "30 days"),
    (str(API_TOKEN_DEFAULT_DAYS), f"{API_TOKEN_DEFAULT_DAYS} days"),
    ("180", "180 days"),
    (str(API_TOKEN_MAX_DAYS), f"{API_TOKEN_MAX_DAYS} days (a year, the longest)"),
]


class ApiTokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, the name of the system that will use it: 'School MIS'.",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )
    scope = forms.ChoiceField(
        label="What may it do?",
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
        help_text="Read only unless the system must change things. Your role still decides "
        "what either may see and change.",
        error_messages={
            "required": "Select what the token may do",
            "invalid_choice": "Select what the token may do",
        },
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        choices=API_TOKEN_DAYS_CHOICES,
        coerce=int,
        initial=str(API_TOKEN_DEFAULT_DAYS),
        widget=forms.RadioSelect,
        help_text="It stops working after this. Make a new one before then.",
        error_messages={
            "required": "Select how long the token should last",
            "invalid_choice": "Select how long the token should last",
        },
    )


class TwoFactorResetForm(GovukFormMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="To show it is you.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
