"""The strategic plan's change in the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Change programme: stages, risks and decisions"])
