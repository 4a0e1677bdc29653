"""How lists are paged: `?page=2&page_size=20`. Every list answers in one shape: `items` (this
page), `count` (the items on all pages), and `next` and `previous`, the addresses of the pages
either side (null at either end), with the request's other parameters kept."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# Far past any list the partnership keeps (a hundred million items at the largest page size),
# and small enough that the offset it asks the database for fits a 64-bit integer: without a
# bound, ?page=999999999999999999999 overflowed it and answered 500.
MAX_PAGE = 1_000_000


def page_address(request: HttpRequest, page: int) -> str:
    """The absolute address of another page of the list the request asked for."""
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.")
        # A larger page size is served as the largest, as before.
        page_size: int | None = Field(
            None,
            ge=1,
            description=f"Items a page: {PAGE_SIZE} unless given, {MAX_PAGE_SIZE} at most.",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="How many items there are on all pages.")
        next: str | None = Field(description="The address of the next page; null on the last.")
        previous: str | None = Field(
            description="The address of the page before; null on the first."
        )

    def paginate_queryset(
        self,
        queryset: Any,
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> Any:
        answer: dict[str, Any] = super().paginate_queryset(queryset, pagination, request, **params)
        page: int = pagination.page
        size = self._get_page_size(pagination.page_size)
        last = max(1, -(-answer["count"] // size))
        answer["next"] = page_address(request, page + 1) if page < last else None
        answer["previous"] = page_address(request, min(page - 1, last)) if page > 1 else None
        return answer


paginated = paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
