"""What the API says about itself: the index at /api/v1/ (a link to each list and to the
documentation, and every operation that writes), the interactive documentation at /api/v1/docs
for people signed in to the service, and the mark on each operation that writes.

The schema (/api/v1/openapi.json) stays open to anyone: it describes no data, only its shape,
and partners build their integrations from it before they have a token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

WRITES_TAG = "Writes"
WRITES_TAG_DESCRIPTION = (
    "Every operation that changes something (POST, PUT, PATCH, DELETE). Each needs a token made "
    "to read and write, and a role that may make the change; each change is recorded in the "
    "audit log as made by the token's owner."
)
WRITE_NOTE = (
    "**Writes.** Needs a token that may read and write (scope `read_write`) and a role that may "
    "make this change; recorded in the audit log."
)
WRITING_METHODS = frozenset({"post", "put", "patch", "delete"})


class SignedInSwagger(Swagger):
    """Django Ninja's Swagger UI, served from the service's own static files, for people signed
    in to the service: the documentation is for the partnership's own staff and its partners'
    developers, who sign in to make their token."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().render_page(request, api, **kwargs)


def mark_writes(schema: dict[str, Any]) -> dict[str, Any]:
    """Tags every writing operation `Writes` (a group of its own in the documentation, as well as
    its subject's) and opens its description with WRITE_NOTE."""
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in WRITING_METHODS:
                continue
            operation["tags"] = [*operation.get("tags", []), WRITES_TAG]
            description = operation.get("description", "")
            operation["description"] = f"{WRITE_NOTE}\n\n{description}".strip()
    tags = [tag for tag in schema.get("tags", []) if tag.get("name") != WRITES_TAG]
    schema["tags"] = [*tags, {"name": WRITES_TAG, "description": WRITES_TAG_DESCRIPTION}]
    return schema


# The index --------------------------------------------------------------------------------


class IndexLink(Schema):
    title: str
    href: str


class IndexWrite(Schema):
    method: str
    path: str
    title: str


class ApiIndex(Schema):
    title: str
    version: str
    description: str
    documentation: str = Field(description="The interactive documentation (sign in first).")
    schema_: str = Field(alias="schema", description="The OpenAPI schema: no token needed.")
    lists: list[IndexLink] = Field(
        description="Every list, each answering {items, count, next, previous}."
    )
    writes: list[IndexWrite] = Field(description="Every operation that changes something.")


def _is_list(operation: dict[str, Any]) -> bool:
    """A list answers a page: Django Ninja names its schema Paged<Item>."""
    responses = operation.get("responses", {})
    # Status codes are integers in the schema as built, strings once it is JSON.
    content = (responses.get(200) or responses.get("200") or {}).get("content", {})
    reference = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return str(reference).rsplit("/", 1)[-1].startswith("Paged")


# Marks a search among the lists (openapi_extra): it answers only once given its terms.
SEARCH_MARK = "x-childtrust-search"


def index_of(schema: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(title, path) of each list that needs no parameter in its path, and (method, path,
    title) of each operation that writes, from the schema, in its order."""
    lists: list[tuple[str, str]] = []
    writes: list[tuple[str, str, str]] = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            title = str(operation.get("summary", ""))
            bare = "{" not in path and not operation.get(SEARCH_MARK)
            if method == "get" and bare and _is_list(operation):
                lists.append((title, path))
            elif method in WRITING_METHODS:
                writes.append((method.upper(), path, title))
    return lists, writes
