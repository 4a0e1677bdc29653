"""Signing in and out, two-factor sign-in, and the account page."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from childtrust.accounts import services
from childtrust.accounts.forms import OneTimeCodeForm, SignInForm
from childtrust.accounts.http import AuthenticatedRequest


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
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
            "now": timezone.now(),
        },
    )
