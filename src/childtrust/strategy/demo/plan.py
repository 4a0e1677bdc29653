"""The demo plan's plan (to be filled in by issue 12's plan work)."""

from __future__ import annotations

from django.db.models import Model


def plan_demo_load() -> dict[type[Model], int]:
    return {}
