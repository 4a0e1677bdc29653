"""Requests that must leave no trace of when they were made or by whom.

Staff were promised that anonymous feedback and pulse survey answers cannot be traced to them.
A form's POST that the server logs, or that refreshes the sender's session, says who was active
at that moment, and that is enough to name the author when only a few people were. Apps register
the names of such forms' URLs from their `AppConfig.ready()` (so that core never names the apps
above it); then the session's last-seen time is not refreshed by them (accounts' idle
time-out), Django's request loggers drop their records (settings.LOGGING) and gunicorn's access
log leaves them out (gunicorn_conf.UntracedAccessLogger). Only the POST is untraced: opening the
form is not sending it, and a person may open it and change their mind.
"""

from __future__ import annotations

import logging

from django.urls import Resolver404, resolve

_UNTRACED_POSTS: set[str] = set()


def untraced_posts_register(*url_names: str) -> None:
    """The names of URLs (`voice:feedback_raise`) whose POST must leave no trace."""
    _UNTRACED_POSTS.update(url_names)


def untraced_request(method: str, path: str) -> bool:
    """Whether a request (its path without any script prefix, as Django's `path_info`) is the
    POST of a form registered as untraced."""
    if method.upper() != "POST":
        return False
    try:
        return resolve(path).view_name in _UNTRACED_POSTS
    except Resolver404:
        return False


class UntracedRequestFilter(logging.Filter):
    """Drops a log record about an untraced request (Django's `django.request` and
    `django.security.csrf` records carry the request). Even a failure is dropped, since its
    time says that someone was sending the form then. Django's development server logs every
    request on its own logger: it is not how the service is run (gunicorn is)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        method, path = getattr(request, "method", None), getattr(request, "path_info", None)
        if isinstance(method, str) and isinstance(path, str):
            return not untraced_request(method, path)
        return True
