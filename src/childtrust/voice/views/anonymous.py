"""The page that answers an anonymous form (feedback sent anonymously, a survey's answers)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def sent_anonymously(
    request: HttpRequest, *, title: str, message: str, next_url: str, next_text: str
) -> HttpResponse:
    """The confirmation as the POST's own answer, not a redirect with a flash message: the
    browser would fetch the redirect's page at once, and that request (in the access log, and
    refreshing the session's last-seen time) would date the submission to the second."""
    return render(
        request,
        "voice/sent_anonymously.html",
        {"title": title, "message": message, "next_url": next_url, "next_text": next_text},
    )
