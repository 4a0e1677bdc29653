"""Signing in and out, two-factor sign-in, and the account page."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts import access, selectors, services
from childtrust.accounts.forms import (
    ApiTokenForm,
    OneTimeCodeForm,
    PasswordChangeForm,
    SignInForm,
    TwoFactorResetForm,
)
from childtrust.accounts.http import AuthenticatedRequest
from childtrust.accounts.models import ApiTokenScope
from childtrust.core.forms import form_write


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        services.sign_in_record(user=form.get_user())
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = self.request.POST.get("username", "")
        if username:
            services.sign_in_failure_record(
                attempted_username=username,
                locked_out=bool(getattr(self.request, "axes_locked_out", False)),
            )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = "timed_out" in self.request.GET
        context["attempts_allowed"] = settings.AXES_FAILURE_LIMIT
        return context


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.sign_out_record(user=request.user)
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (`request.POST or None` would leave a form
    sent empty unbound, and so show none of its errors)."""
    return request.POST if request.method == "POST" else None


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = OneTimeCodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            return redirect(_safe_next(request))
        services.two_factor_failure_record(user=request.user)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


@login_required
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Scan a QR code (or type the key), then prove it works with one code. Someone who already
    has an authenticator must give a code from it first: otherwise the password alone would be
    enough to enrol a new phone and so get round two-factor sign-in."""
    if not services.two_factor_verified(request.user) and user_has_device(
        request.user, confirmed=True
    ):
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor_verify"))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=request.user)
    form = OneTimeCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        services.totp_device_confirm(user=request.user, device=device)
        otp_login(request, device)
        messages.success(
            request,
            "Two-factor sign-in is set up. You will be asked for a code each time you sign in.",
        )
        return redirect("core:home")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app"
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": _grouped_base32(device),
            "required": services.two_factor_requires_device(request.user),
        },
    )


def _grouped_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def account(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "has_two_factor": user_has_device(request.user, confirmed=True),
            "two_factor_required": services.two_factor_requires_device(request.user),
            "tokens": selectors.api_tokens_of(request.user),
            "may_create_token": access.can_create_api_token(request.user),
            "now": timezone.now(),
        },
    )


@login_required
def password_change(request: AuthenticatedRequest) -> HttpResponse:
    """This session stays signed in; every other session of the account ends (Django ties a
    session to the password it was signed in with)."""
    form = PasswordChangeForm(_posted(request), user=request.user)
    changed = form_write(
        request,
        form,
        lambda data: services.password_change(
            actor=request.user,
            user=request.user,
            current_password=data["current_password"],
            new_password=data["new_password"],
        ),
    )
    if changed is not None:
        update_session_auth_hash(request, request.user)
        messages.success(
            request,
            "Your password has been changed. You have been signed out everywhere else.",
        )
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def api_token_create(request: AuthenticatedRequest) -> HttpResponse:
    """The token is shown on this page once, never again: only its digest is kept."""
    if not access.can_create_api_token(request.user):
        raise PermissionDenied("Your role does not allow you to use the API.")
    form = ApiTokenForm(_posted(request))
    try:
        made = form_write(
            request,
            form,
            lambda data: services.own_api_token_create(
                actor=request.user,
                name=data["name"],
                scope=ApiTokenScope(data["scope"]),
                days=data["days"],
            ),
        )
    except PermissionDenied as refusal:
        # A role that must use two-factor sign-in has not set it up: say what to do, here.
        form.add_error(None, str(refusal))
        made = None
    if made is not None:
        token, raw = made
        return render(request, "accounts/api_token_made.html", {"token": token, "raw": raw})
    return render(request, "accounts/api_token_form.html", {"form": form})


@login_required
def api_token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_of(request.user, token_id)
    if token is None or token.revoked_at is not None:
        raise Http404("You have no API token with this number.")
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, f"The API token '{token.name or token.prefix}' is revoked.")
        return redirect("accounts:account")
    return render(request, "accounts/api_token_revoke.html", {"token": token})


@login_required
def two_factor_reset(request: AuthenticatedRequest) -> HttpResponse:
    """Someone with a new phone takes the old authenticator off, with their password, then
    sets up the new one. Only after a code from the old one, as for setting up."""
    if not user_has_device(request.user, confirmed=True):
        return redirect("accounts:two_factor_setup")
    if not services.two_factor_verified(request.user):
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor_verify"))
    form = TwoFactorResetForm(_posted(request))
    reset = form_write(
        request,
        form,
        lambda data: services.two_factor_reset(
            actor=request.user, user=request.user, password=data["password"]
        ),
    )
    if reset is not None:
        messages.success(
            request,
            "Your old authenticator app no longer works. Set up your new one now.",
        )
        return redirect("accounts:two_factor_setup")
    return render(
        request,
        "accounts/two_factor_reset.html",
        {"form": form, "required": services.two_factor_requires_device(request.user)},
    )
