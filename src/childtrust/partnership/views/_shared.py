"""The one shape of the partnership's add and change pages: a form, a submit button and a way
back; on a valid POST the service writes (core.forms.form_write), the page says what was saved
and goes to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write

Written = TypeVar("Written")


@dataclass(frozen=True)
class Saved:
    """What the page says once the service has written, and where it goes next."""

    message: str
    url: str


def form_page(
    request: AuthenticatedRequest,
    form: BaseForm,
    write: Callable[[dict[str, Any]], Written],
    *,
    saved: Callable[[Written], Saved],
    title: str,
    caption: str,
    submit: str,
    cancel_url: str,
    back_label: str = "Back",
) -> HttpResponse:
    """Writes the form's data through `write` on a valid POST and goes where `saved` says with
    its message; otherwise (a GET, or input refused by the form or the service) shows the form
    with every message."""
    written = form_write(request, form, write)
    if written is not None:
        outcome = saved(written)
        messages.success(request, outcome.message)
        return redirect(outcome.url)
    return render(
        request,
        "partnership/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "submit": submit,
            "cancel_url": cancel_url,
            "back_label": back_label,
        },
    )
