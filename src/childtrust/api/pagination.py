"""How lists are paged: `?page=2&page_size=20`; each answer gives `items` and `count` (the
number of items on all pages)."""

from __future__ import annotations

from ninja.pagination import PageNumberPagination, paginate

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100

paginated = paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
