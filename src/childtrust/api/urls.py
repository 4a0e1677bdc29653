"""The versioned JSON API, mounted at /api/v1/.

Every endpoint needs a person's API token (see api/auth.py). The index at /api/v1/ and the
OpenAPI schema at /api/v1/openapi.json need none: partners read them to build their
integration. The interactive documentation at /api/v1/docs is for people signed in (api/docs.py)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation

from childtrust.api import (
    agencies,
    children_child,
    children_records,
    children_reviews,
    children_search,
    framework,
    localities,
    outcomes,
    outcomes_inequality,
    resources_allocation,
    resources_appraisal,
    resources_budget,
    resources_costings,
    safeguarding_alerts,
    safeguarding_chronology,
    safeguarding_concerns,
    safeguarding_front_door,
    safeguarding_team,
    services,
    strategy_board,
    strategy_change,
    strategy_measures,
    strategy_plan,
    teams,
    voice_cascade,
    voice_feedback,
    voice_surveys,
    workforce,
    workforce_establishment,
)
from childtrust.api.auth import UNAUTHENTICATED_MESSAGE, ApiTokenAuth
from childtrust.api.docs import ApiIndex, SignedInSwagger, index_of, mark_writes
from childtrust.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from childtrust.core.request_log import REASON_ATTRIBUTE

PERMISSION_REFUSED_MESSAGE = "Your role does not allow you to see this."
NOT_FOUND_MESSAGE = "Not found."


class PartnershipAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """The schema, with each operation that writes marked as such (api.docs.mark_writes)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        mark_writes(schema)
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short, stable names (`service_list`) for the clients partners generate from the schema.
        return operation.view_func.__name__

    def on_exception(self, request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        """Every refusal's answer comes from a handler here, so it reaches Django's request log
        without its exception: the request carries the reason to the log's one line
        (core.request_log)."""
        setattr(request, REASON_ATTRIBUTE, _logged_reason(exc))
        return super().on_exception(request, exc)


def _logged_reason(exc: Exception | type[Exception]) -> str:
    if isinstance(exc, type):
        return exc.__name__
    if isinstance(exc, AuthenticationError):
        return "No valid API token (missing, unknown, revoked or expired)."
    if isinstance(exc, NinjaValidationError):
        # Where and what, never the value sent, which may be a person's details.
        return "Invalid request: " + "; ".join(
            f"{'.'.join(str(part) for part in error.get('loc', ()))}: {error.get('msg', '')}"
            for error in exc.errors
        )
    return str(exc) or type(exc).__name__


DESCRIPTION = (
    "The partnership's agencies, services, teams, localities, vision and outcomes framework, "
    "messages, feedback and surveys, outcome indicators, pooled budget and resources, plan and "
    "workforce. Send your API token as the header `Authorization: Bearer <token>`: make one on "
    "*Your account* in the service (or a partnership administrator runs `childtrust "
    "create_api_token USERNAME`). A token sees only what its owner's role lets them see.\n\n"
    "**Reading and writing.** Every GET only reads. The operations that change something (POST, "
    "PUT, PATCH and DELETE) are tagged *Writes* and say so in their description: they need a "
    "token made to read and write and a role that may make the change, and each change is "
    "recorded in the audit log.\n\n"
    "**Lists** come in pages, `?page=2&page_size=20`, "
    f"{PAGE_SIZE} a page unless asked, at most {MAX_PAGE_SIZE}. Every list answers in one "
    "shape: `items`, `count` (on all pages), and `next` and `previous`, the addresses of the "
    "pages either side (null at either end).\n\n"
    "The index at `/api/v1/` links to every list and names every operation that writes."
)

api = PartnershipAPI(
    title="childtrust API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=SignedInSwagger(),
    docs_url="/docs",
    auth=ApiTokenAuth(),
)


@api.exception_handler(AuthenticationError)
def token_refused(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": UNAUTHENTICATED_MESSAGE}, status=401)
    # RFC 6750: a 401 names the scheme the client should use.
    response["WWW-Authenticate"] = 'Bearer realm="childtrust API"'
    return response


# A service's or access function's refusal becomes a response here, and only here: endpoints
# call services and let their refusals rise, as pages do (core.forms.form_write, core.errors).


@api.exception_handler(PermissionDenied)
def permission_refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 with the refusal's own sentence (core.permissions.require gives one), or a
    general one."""
    detail = str(exc) or PERMISSION_REFUSED_MESSAGE
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """404 with the sentence of the access function that would not show the record (one answer
    for a record the person may not see and one that does not exist), or a general one."""
    return api.create_response(request, {"detail": str(exc) or NOT_FOUND_MESSAGE}, status=404)


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message[-1] in ".!?" else f"{message}."


@api.exception_handler(ValidationError)
def input_refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """400 with every message of the service's refusal, each a sentence; nothing was written,
    since each service writes in one transaction."""
    detail = " ".join(_sentence(message) for message in exc.messages)
    return api.create_response(request, {"detail": detail}, status=400)


api.add_router("/agencies", agencies.router)
api.add_router("/services", services.router)
api.add_router("/teams", teams.router)
api.add_router("/localities", localities.router)
api.add_router("/", framework.router)
api.add_router("/", voice_cascade.router)
api.add_router("/", voice_feedback.router)
api.add_router("/", voice_surveys.router)
api.add_router("/", outcomes.router)
api.add_router("/", outcomes_inequality.router)
api.add_router("/", resources_allocation.router)
api.add_router("/", resources_appraisal.router)
api.add_router("/", resources_budget.router)
api.add_router("/", resources_costings.router)
api.add_router("/", strategy_plan.router)
api.add_router("/", strategy_measures.router)
api.add_router("/", strategy_change.router)
api.add_router("/", strategy_board.router)
api.add_router("/", workforce.router)
api.add_router("/", workforce_establishment.router)
api.add_router("/", children_search.router)
api.add_router("/", children_reviews.router)
api.add_router("/", children_records.router)
api.add_router("/", safeguarding_concerns.router)
api.add_router("/", safeguarding_chronology.router)
# Its POST /teams (start a team around a child) is on the partnership's teams router.
api.add_router("/", safeguarding_team.router)
api.add_router("/", safeguarding_alerts.router)
api.add_router("/", safeguarding_front_door.router)
# The child by reference last, so that /children/<a word> routes of other parts come first.
api.add_router("/", children_child.router)


@cache
def _index() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    # The schema is the same for every request: built once per process.
    return index_of(api.get_openapi_schema())


@api.get(
    "/",
    auth=None,
    response=ApiIndex,
    by_alias=True,
    url_name="index",
    summary="What this API offers: its lists, its documentation and what writes",
)
def api_index(request: HttpRequest) -> dict[str, Any]:
    """Needs no token: it gives addresses, not data."""
    lists, writes = _index()
    return {
        "title": api.title,
        "version": api.version,
        "description": DESCRIPTION,
        "documentation": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        "schema": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "lists": [
            {"title": title, "href": request.build_absolute_uri(path)} for title, path in lists
        ],
        "writes": [
            {"method": method, "path": path, "title": title} for method, path, title in writes
        ],
    }
