"""A refused request is logged on one line, without a traceback.

Django's `django.request` logger logs every 4xx answer as a warning, and those that come from
an exception (PermissionDenied, Http404) with the exception's traceback: a refusal is the
service working as meant, and a log full of tracebacks for them hides the real errors. The
filter below rewrites each 4xx record as one line (method, path, status, user id, reason) and
drops the traceback; a 5xx record is left as it is, traceback and all."""

from __future__ import annotations

import logging

from django.http import HttpRequest
from django.urls import Resolver404

# The attribute a request carries the API's reason on (set by api.urls.PartnershipAPI, whose
# answers come from exception handlers and so reach the log without their exception).
REASON_ATTRIBUTE = "refusal_reason"
MAX_REASON = 300


def _one_line(text: str) -> str:
    """No line breaks or control characters from a request can start a false log line."""
    return " ".join(text.split())[:MAX_REASON]


def _reason(record: logging.LogRecord, request: HttpRequest | None) -> str:
    exception = record.exc_info[1] if record.exc_info else None
    if exception is not None and str(exception) and not isinstance(exception, Resolver404):
        return str(exception)
    reason = str(getattr(request, REASON_ATTRIBUTE, ""))
    if reason:
        return reason
    # Django's own words ("Not Found: /path", "Forbidden (Permission denied): /path") without
    # the path, which the line gives already; a 404 reaches the log without its exception.
    message = record.getMessage()
    return message.removesuffix(f": {request.path}") if request is not None else message


def refusal_line(record: logging.LogRecord) -> str:
    request: HttpRequest | None = getattr(record, "request", None)
    status = getattr(record, "status_code", "")
    reason = _one_line(_reason(record, request))
    if request is None:
        return f"Refused {status}: {reason}"
    user = getattr(request, "user", None)
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    path = _one_line(request.path)
    return f"Refused {request.method} {path} {status} user={user_id or '-'}: {reason}"


class RefusalsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        # Once only, should the filter be installed twice (logging configured again).
        if isinstance(status, int) and 400 <= status < 500 and not hasattr(record, "refusal"):
            record.refusal = True
            record.msg, record.args = refusal_line(record), ()
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
