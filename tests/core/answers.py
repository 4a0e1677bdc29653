"""Comparing two answers of the service as a person would see them: without what differs in
every answer anyway (the Content-Security-Policy nonce of a page, its CSRF token)."""

from __future__ import annotations

import re
from typing import Any

_PER_ANSWER = re.compile(r'(nonce|value|content)="[A-Za-z0-9+/=_-]{16,}"')


def as_seen(response: Any) -> str:
    return _PER_ANSWER.sub(r'\1="…"', response.content.decode())
