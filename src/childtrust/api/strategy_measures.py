"""The strategic plan's measures in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Strategic plan: measures and check-ins"])
