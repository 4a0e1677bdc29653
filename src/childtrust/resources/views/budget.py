"""The budget pages: the resources index, a year's budget, contributions, budget lines and spend."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from childtrust.accounts.permissions import Capability, capability_required


@capability_required(Capability.VIEW_OWN_RESOURCES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "resources/index.html")


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
]
