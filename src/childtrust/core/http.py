"""What every app's pages share about a request: the data a form was posted with, a list's
query without its page number, and a record a selector found or the 404 page."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404, HttpRequest, QueryDict

Record = TypeVar("Record")


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (even an empty one, so that a blank form shows its errors), or
    None for a GET, so that a form built with it is unbound and shows no errors yet."""
    return request.POST if request.method == "POST" else None


def query_without_page(request: HttpRequest) -> str:
    """The list's filters as a query string without `page`, for the pagination's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def found(record: Record | None) -> Record:
    """The record a selector found, or the 404 page when it found none."""
    if record is None:
        raise Http404("No such record")
    return record
