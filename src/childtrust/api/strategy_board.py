"""The strategic plan's board in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Partnership board: meetings and actions"])
