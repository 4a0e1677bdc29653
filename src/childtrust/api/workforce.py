"""The workforce's API (issue 13): filled in by its work."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Workforce"])
