"""What the partnership's pages share: the one form page, a list's query without its page
number, and a record found or the 404 page."""

from __future__ import annotations

from typing import TypeVar

from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

Record = TypeVar("Record")


def found(record: Record | None) -> Record:
    """The record a selector found, or the 404 page when it found none."""
    if record is None:
        raise Http404("No such record")
    return record


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str,
    caption: str,
    submit: str,
    cancel_url: str,
    back_label: str = "Back",
) -> HttpResponse:
    """Every add and change page of the partnership: one form, a submit button and a way back."""
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
