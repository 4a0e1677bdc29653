"""The account checks page: the accounts locked out now and the active accounts without
two-factor sign-in, for administrators and auditors (accounts.home.can_view_account_checks).
It names people who sign in, so each read that shows any is audited."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from childtrust.accounts.home import (
    LOCKED,
    WITHOUT_TWO_FACTOR,
    accounts_locked_out,
    accounts_without_two_factor,
    can_view_account_checks,
)
from childtrust.accounts.http import AuthenticatedRequest
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import access_required


@access_required(can_view_account_checks)
def account_checks(request: AuthenticatedRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    locked = accounts_locked_out() if show != WITHOUT_TWO_FACTOR else []
    without = list(accounts_without_two_factor()) if show != LOCKED else []
    if locked or without:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="accounts.user",
            details={
                "page": "account checks",
                "locked_shown": len(locked),
                "without_two_factor_shown": len(without),
            },
        )
    return render(
        request,
        "accounts/account_checks.html",
        {
            "show": show if show in (LOCKED, WITHOUT_TWO_FACTOR) else "",
            "locked": locked,
            "without": without,
            "LOCKED": LOCKED,
            "WITHOUT_TWO_FACTOR": WITHOUT_TWO_FACTOR,
        },
    )
