"""The strategic plan's plan in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Strategic plan: objectives and milestones"])
