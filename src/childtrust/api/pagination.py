"""How lists are paged: `?page=2&page_size=20`; each answer gives `items` and `count` (the
number of items on all pages)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# Far past any list the partnership keeps (a hundred million items at the largest page size),
# and small enough that the offset it asks the database for fits a 64-bit integer: without a
# bound, ?page=999999999999999999999 overflowed it and answered 500.
MAX_PAGE = 1_000_000


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.")
        # A larger page size is served as the largest, as before.
        page_size: int | None = Field(
            None,
            ge=1,
            description=f"Items a page: {PAGE_SIZE} unless given, {MAX_PAGE_SIZE} at most.",
        )


paginated = paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
