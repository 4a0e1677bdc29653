"""Thin views: check the role, call a selector or a service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def placeholder(request: HttpRequest) -> HttpResponse:
    # Removed once every named route below has its real view.
    return render(request, "core/404.html", status=404)

# --- Registry ----------------------------------------------------------------------------------

# --- Shared vision and outcomes framework ------------------------------------------------------
